#include "domain/kpi/period_window.hpp"

#include <gtest/gtest.h>

namespace tandem::domain::kpi {
namespace {

bool operator==(const PeriodWindow& a, const PeriodWindow& b) {
  return a.year_from == b.year_from && a.year_to == b.year_to && a.month_from == b.month_from &&
         a.month_to == b.month_to;
}

TEST(KpiPeriodWindowTest, WindowsOnTheOriginalTestsDate) {
  YearMonth today{2023, 11};
  EXPECT_TRUE(window_for(Period::this_month, today) == (PeriodWindow{2023, 2023, 11, 11}));
  EXPECT_TRUE(window_for(Period::last_month, today) == (PeriodWindow{2023, 2023, 10, 10}));
  EXPECT_TRUE(window_for(Period::this_quarter, today) == (PeriodWindow{2023, 2023, 10, 12}));
  EXPECT_TRUE(window_for(Period::last_quarter, today) == (PeriodWindow{2023, 2023, 7, 9}));
  EXPECT_TRUE(window_for(Period::this_year, today) == (PeriodWindow{2023, 2023, 1, 11}));
  EXPECT_TRUE(window_for(Period::last_year, today) == (PeriodWindow{2022, 2022, 1, 12}));
}

TEST(KpiPeriodWindowTest, JanuaryLooksBackIntoThePreviousYear) {
  YearMonth today{2024, 1};
  EXPECT_TRUE(window_for(Period::last_month, today) == (PeriodWindow{2023, 2023, 12, 12}));
  // The original picked Q4 of the current year here (spec/kpi.md §5.25).
  EXPECT_TRUE(window_for(Period::last_quarter, today) == (PeriodWindow{2023, 2023, 10, 12}));
  EXPECT_TRUE(window_for(Period::this_quarter, YearMonth{2024, 3}) ==
              (PeriodWindow{2024, 2024, 1, 3}));
  EXPECT_TRUE(window_for(Period::last_quarter, YearMonth{2024, 4}) ==
              (PeriodWindow{2024, 2024, 1, 3}));
}

TEST(KpiPeriodWindowTest, ParsesOnlyTheSixNames) {
  EXPECT_EQ(parse_period("last_quarter"), Period::last_quarter);
  EXPECT_FALSE(parse_period("Last_Quarter"));
  EXPECT_FALSE(parse_period(""));
  EXPECT_FALSE(parse_period("forever"));
}

TEST(KpiPeriodWindowTest, CalendarMonthsInUtc) {
  // 2023-11-03T12:00:00Z
  EXPECT_EQ(year_month_of(1'699'012'800'000'000).year, 2023);
  EXPECT_EQ(year_month_of(1'699'012'800'000'000).month, 11);
  // One microsecond before 2024-01-01 is still December.
  std::int64_t new_year = month_start_micros({2024, 1});
  EXPECT_EQ(new_year, 1'704'067'200'000'000);
  EXPECT_EQ(year_month_of(new_year - 1).month, 12);
  EXPECT_EQ(year_month_of(new_year - 1).year, 2023);
  EXPECT_EQ(year_month_of(-1).year, 1969);
  EXPECT_EQ(month_start_micros(next_month({2023, 12})), new_year);
  EXPECT_EQ(month_start_micros({2024, 3}) - month_start_micros({2024, 2}), 29LL * 86'400'000'000);
}

}  // namespace
}  // namespace tandem::domain::kpi
