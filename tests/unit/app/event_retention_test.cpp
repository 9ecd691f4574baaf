#include "app/event_retention.hpp"

#include <gtest/gtest.h>

namespace tandem::app {
namespace {

TEST(EventRetentionTest, CutoffIsThatManyDaysBeforeNow) {
  const std::int64_t day = 86'400LL * 1'000'000;
  EXPECT_EQ(event_retention_cutoff(10 * day, 7), 3 * day);
  EXPECT_EQ(event_retention_cutoff(10 * day + 5, 1), 9 * day + 5);
}

TEST(EventRetentionTest, DefaultsAreSmallBatchesAndAMinuteApart) {
  EventRetention r;
  EXPECT_EQ(r.days, 7);
  EXPECT_LE(r.batch, 1000);
  EXPECT_EQ(r.between_sweeps, std::chrono::minutes(1));
}

}  // namespace
}  // namespace tandem::app
