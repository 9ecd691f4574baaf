#pragma once
// Calendar arithmetic behind the KPI value search and the change-log feed (spec/kpi.md §2.15,
// §2.16), all in UTC and relative to platform::Clock (TANDEM_NOW pins "today" in tests).

#include <cstdint>
#include <optional>
#include <string_view>

namespace tandem::domain::kpi {

struct YearMonth {
  std::int64_t year = 0;
  std::int64_t month = 0;  // 1..12
};

// The UTC calendar month that contains `micros` since the epoch.
YearMonth year_month_of(std::int64_t micros);
// Microseconds since the epoch of the first instant of that month, UTC.
std::int64_t month_start_micros(YearMonth ym);
YearMonth next_month(YearMonth ym);

enum class Period { this_month, last_month, this_quarter, last_quarter, this_year, last_year };
std::optional<Period> parse_period(std::string_view text);

// Inclusive bounds, compared independently on year and month (the original's semantics, which
// are exact for every window below because none crosses a year boundary).
struct PeriodWindow {
  std::int64_t year_from = 0;
  std::int64_t year_to = 0;
  std::int64_t month_from = 1;
  std::int64_t month_to = 12;
};

// last_quarter in Q1 is Q4 of the previous year (the original picked the current year, §5.25).
PeriodWindow window_for(Period period, YearMonth today);

}  // namespace tandem::domain::kpi
