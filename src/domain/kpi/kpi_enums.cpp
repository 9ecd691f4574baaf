#include "domain/kpi/kpi_enums.hpp"

#include <array>

#include "platform/text.hpp"

namespace tandem::domain::kpi {

namespace {

template <typename E>
struct EnumEntry {
  E value;
  std::string_view name;
  std::string_view display;
};

constexpr std::array<EnumEntry<Periodicity>, 3> kPeriodicities{{
    {Periodicity::yearly, "yearly", "Yearly"},
    {Periodicity::quarterly, "quarterly", "Quarterly"},
    {Periodicity::monthly, "monthly", "Monthly"},
}};

constexpr std::array<EnumEntry<Unit>, 4> kUnits{{
    {Unit::chf, "chf", "CHF"},
    {Unit::percentage, "percentage", "%"},
    {Unit::amount, "amount", "Amount"},
    {Unit::score, "score", "Score"},
}};

template <typename E, std::size_t N>
std::optional<E> parse(const std::array<EnumEntry<E>, N>& entries, std::string_view text) {
  for (const auto& e : entries)
    if (platform::iequals(text, e.name) || platform::iequals(text, e.display)) return e.value;
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(const std::array<EnumEntry<E>, N>& entries, E value) {
  for (const auto& e : entries)
    if (e.value == value) return e.name;
  return {};
}

template <typename E, std::size_t N>
std::string_view display_of(const std::array<EnumEntry<E>, N>& entries, std::string_view stored) {
  for (const auto& e : entries)
    if (e.name == stored) return e.display;
  return stored;
}

}  // namespace

std::optional<Periodicity> parse_periodicity(std::string_view text) {
  return parse(kPeriodicities, text);
}
std::optional<Unit> parse_unit(std::string_view text) { return parse(kUnits, text); }

std::string_view stored_name(Periodicity p) { return name_of(kPeriodicities, p); }
std::string_view stored_name(Unit u) { return name_of(kUnits, u); }

std::string_view periodicity_display(std::string_view stored) {
  return display_of(kPeriodicities, stored);
}
std::string_view unit_display(std::string_view stored) { return display_of(kUnits, stored); }

}  // namespace tandem::domain::kpi
