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

TEST(EventIdTest, AFrameIsThePayloadWithItsIdLast) {
  EXPECT_EQ(event_frame_text(R"({"event":"task_moved","n":1})", 7),
            R"({"event":"task_moved","n":1,"id":"7"})");
  EXPECT_EQ(event_frame_text(R"({"a":{"b":[1,{}]}})", 12), R"({"a":{"b":[1,{}]},"id":"12"})");
  EXPECT_EQ(event_frame_text("{}", 3), R"({"id":"3"})");
}

}  // namespace
}  // namespace tandem::domain::work
