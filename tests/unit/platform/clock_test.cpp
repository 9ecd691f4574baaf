#include "platform/clock.hpp"

#include <gtest/gtest.h>

namespace tandem::platform {
namespace {

TEST(Iso8601Test, ParsesFormsAndOffsets) {
  EXPECT_EQ(parse_iso8601_micros("2023-11-03T12:00:00Z").value(), 1699012800LL * 1'000'000);
  EXPECT_EQ(parse_iso8601_micros("2023-11-03T12:00:00.5Z").value(),
            1699012800LL * 1'000'000 + 500'000);
  EXPECT_EQ(parse_iso8601_micros("2023-11-03T14:00:00+02:00").value(), 1699012800LL * 1'000'000);
  EXPECT_EQ(parse_iso8601_micros("2023-11-03").value(), 1698969600LL * 1'000'000);
  EXPECT_EQ(parse_iso8601_micros("1970-01-01T00:00:00Z").value(), 0);
}

TEST(Iso8601Test, RejectsGarbage) {
  EXPECT_FALSE(parse_iso8601_micros("yesterday"));
  EXPECT_FALSE(parse_iso8601_micros("2023-13-01"));
  EXPECT_FALSE(parse_iso8601_micros("2023-11-03T25:00:00Z"));
  EXPECT_FALSE(parse_iso8601_micros("2023-11-03T12:00:00Zjunk"));
}

TEST(Iso8601Test, FormatsLikeFastApi) {
  EXPECT_EQ(format_iso8601_micros(1699012800LL * 1'000'000), "2023-11-03T12:00:00Z");
  EXPECT_EQ(format_iso8601_micros(1699012800LL * 1'000'000 + 345678),
            "2023-11-03T12:00:00.345678Z");
}

TEST(HttpDateTest, FormatsRfc1123) {
  EXPECT_EQ(format_http_date(1699020309), "Fri, 03 Nov 2023 14:05:09 GMT");
}

TEST(HttpDateTest, AppendMatchesFormatAcrossYears) {
  for (std::int64_t s = -800LL * 86400; s < 60'000LL * 86400; s += 77'777) {
    std::string fast;
    append_http_date(fast, s);
    ASSERT_EQ(fast, format_http_date(s)) << s;
  }
  std::string far;
  append_http_date(far, 253'402'300'800);  // year 10000 falls back to snprintf's width
  EXPECT_EQ(far, format_http_date(253'402'300'800));
}

TEST(ClockTest, FreezeOverridesSystemTime) {
  auto& clock = Clock::instance();
  clock.freeze(42'000'000);
  EXPECT_EQ(clock.now_micros(), 42'000'000);
  EXPECT_EQ(clock.now_seconds(), 42);
  clock.unfreeze();
  EXPECT_GT(clock.now_seconds(), 1'700'000'000);
}

}  // namespace
}  // namespace tandem::platform
