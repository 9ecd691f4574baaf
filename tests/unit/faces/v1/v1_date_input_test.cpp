#include "faces/v1/date_input.hpp"

#include <gtest/gtest.h>

namespace tandem::faces::v1 {
namespace {

std::string date(std::string_view text) {
  auto r = parse_date_input(text);
  return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "";
}

DateInputError error(std::string_view text) {
  auto r = parse_date_input(text);
  return std::holds_alternative<DateInputError>(r) ? std::get<DateInputError>(r)
                                                   : DateInputError{"accepted", ""};
}

TEST(DateInputTest, AcceptsDatesAndMidnightDatetimes) {
  EXPECT_EQ(date("2023-12-31"), "2023-12-31");
  EXPECT_EQ(date("2024-02-29"), "2024-02-29");
  EXPECT_EQ(date("2023-12-31T00:00:00"), "2023-12-31");
  EXPECT_EQ(date("2023-12-31 00:00"), "2023-12-31");
  EXPECT_EQ(date("2023-12-31t00:00:00.000000Z"), "2023-12-31");
  EXPECT_EQ(date("2023-12-31T00:00:00+05:30"), "2023-12-31");
}

TEST(DateInputTest, ReportsSpeedateReasons) {
  EXPECT_EQ(error("31/12/2023").reason, "invalid character in year");
  EXPECT_EQ(error("31/12/2023").type, "date_from_datetime_parsing");
  EXPECT_EQ(error("2023-13-01").reason, "month value is outside expected range of 1-12");
  EXPECT_EQ(error("2023-02-29").reason, "day value is outside expected range");
  EXPECT_EQ(error("2023/12/31").reason, "invalid date separator, expected `-`");
  EXPECT_EQ(error("2023-12").reason, "input is too short");
  EXPECT_EQ(error("2023-12-31X").reason,
            "invalid datetime separator, expected `T`, `t`, `_` or space");
  EXPECT_EQ(error("2023-12-31T25:00").reason, "hour value is outside expected range of 0-23");
  EXPECT_EQ(error("2023-12-31T00:00:00junk").reason,
            "unexpected extra characters at the end of the input");
}

TEST(DateInputTest, NonMidnightTimeIsInexact) {
  EXPECT_EQ(error("2023-12-31T10:00:00").type, "date_from_datetime_inexact");
  EXPECT_EQ(error("2023-12-31T00:00:00.5").type, "date_from_datetime_inexact");
}

}  // namespace
}  // namespace tandem::faces::v1
