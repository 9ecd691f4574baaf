#include "domain/kpi/period_window.hpp"

#include <array>
#include <utility>

namespace tandem::domain::kpi {

namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

YearMonth civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2), m};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

constexpr std::array<std::pair<std::string_view, Period>, 6> kPeriods{{
    {"this_month", Period::this_month},
    {"last_month", Period::last_month},
    {"this_quarter", Period::this_quarter},
    {"last_quarter", Period::last_quarter},
    {"this_year", Period::this_year},
    {"last_year", Period::last_year},
}};

std::int64_t quarter_start(std::int64_t month) { return (month - 1) / 3 * 3 + 1; }

}  // namespace

YearMonth year_month_of(std::int64_t micros) {
  return civil_from_days(floor_div(micros, kMicrosPerDay));
}

std::int64_t month_start_micros(YearMonth ym) {
  return days_from_civil(ym.year, ym.month, 1) * kMicrosPerDay;
}

YearMonth next_month(YearMonth ym) {
  return ym.month == 12 ? YearMonth{ym.year + 1, 1} : YearMonth{ym.year, ym.month + 1};
}

std::optional<Period> parse_period(std::string_view text) {
  for (const auto& [name, period] : kPeriods)
    if (name == text) return period;
  return std::nullopt;
}

PeriodWindow window_for(Period period, YearMonth today) {
  const auto [y, m] = today;
  switch (period) {
    case Period::this_month:
      return {y, y, m, m};
    case Period::last_month: {
      YearMonth prev = m == 1 ? YearMonth{y - 1, 12} : YearMonth{y, m - 1};
      return {prev.year, prev.year, prev.month, prev.month};
    }
    case Period::this_quarter: {
      auto first = quarter_start(m);
      return {y, y, first, first + 2};
    }
    case Period::last_quarter: {
      auto first = quarter_start(m);
      if (first == 1) return {y - 1, y - 1, 10, 12};
      return {y, y, first - 3, first - 1};
    }
    case Period::this_year:
      return {y, y, 1, m};
    case Period::last_year:
      return {y - 1, y - 1, 1, 12};
  }
  return {y, y, 1, m};
}

}  // namespace tandem::domain::kpi
