#include "domain/work/event_id.hpp"

#include <gtest/gtest.h>

namespace tandem::domain::work {
namespace {

TEST(EventIdTest, IdsAreTheirDecimalText) {
  EXPECT_EQ(event_id_text(42), "42");
  EXPECT_EQ(parse_event_id("42"), 42);
  EXPECT_EQ(parse_event_id("0"), 0);
  EXPECT_EQ(parse_event_id("007"), 7);
  EXPECT_EQ(parse_event_id("9223372036854775807"), INT64_MAX);
}

TEST(EventIdTest, AnythingButDigitsWithinInt64IsNoId) {
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x10", "abc",
                          "9223372036854775808", "99999999999999999999"})
    EXPECT_FALSE(parse_event_id(bad).has_value()) << bad;
}

}  // namespace
}  // namespace tandem::domain::work
