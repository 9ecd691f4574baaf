#include "domain/catalog/timestamp_text.hpp"

#include <gtest/gtest.h>

namespace tandem::domain::catalog {
namespace {

constexpr std::int64_t kMonday = 1759781653;  // 2025-10-06T20:14:13Z

TEST(TimestampTextTest, IsoForms) {
  EXPECT_EQ(parse_timestamp_text("2025-10-06T20:14:13Z"), kMonday * 1'000'000);
  EXPECT_EQ(parse_timestamp_text("2025-10-06T20:14:13.25Z"), kMonday * 1'000'000 + 250'000);
  EXPECT_EQ(parse_timestamp_text("2025-10-06T22:14:13+02:00"), kMonday * 1'000'000);
  EXPECT_EQ(parse_timestamp_text("2025-10-06T20:14:13"), kMonday * 1'000'000);
  EXPECT_EQ(parse_timestamp_text("2024-02-29"), std::int64_t{1709164800} * 1'000'000);
}

TEST(TimestampTextTest, HttpDates) {
  EXPECT_EQ(parse_timestamp_text("Mon, 06 Oct 2025 20:14:13 GMT"), kMonday * 1'000'000);
  EXPECT_EQ(parse_timestamp_text("Mon, 06 Oct 2025 20:14:13 UTC"), kMonday * 1'000'000);
}

TEST(TimestampTextTest, Refused) {
  for (const char* text : {"", "yesterday", "2025-02-30T00:00:00Z", "2023-02-29", "2025-13-01",
                           "2025-10-06T25:00:00Z", "Xyz, 06 Oct 2025 20:14:13 GMT",
                           "Mon, 06 Foo 2025 20:14:13 GMT", "Mon, 31 Feb 2025 20:14:13 GMT",
                           "Mon, 06 Oct 2025 20:14:13 CET", "Mon, 6 Oct 2025 20:14:13 GMT"}) {
    EXPECT_EQ(parse_timestamp_text(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace tandem::domain::catalog
