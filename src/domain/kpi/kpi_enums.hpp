#pragma once
// The KPI enums (spec/kpi.md §1.1): stored by lower-case name, shown by display value, and
// accepted in either form, case-insensitively (so "%" means percentage; §5.11).

#include <optional>
#include <string>
#include <string_view>

namespace tandem::domain::kpi {

enum class Periodicity { yearly, quarterly, monthly };
enum class Unit { chf, percentage, amount, score };

std::optional<Periodicity> parse_periodicity(std::string_view text);
std::optional<Unit> parse_unit(std::string_view text);

std::string_view stored_name(Periodicity p);  // "monthly"
std::string_view stored_name(Unit u);         // "percentage"

// From a stored name to the display value ("monthly" -> "Monthly", "percentage" -> "%").
// An unknown stored name is shown as it is.
std::string_view periodicity_display(std::string_view stored);
std::string_view unit_display(std::string_view stored);

}  // namespace tandem::domain::kpi
