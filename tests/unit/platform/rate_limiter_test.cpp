#include "platform/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "app/run_sync.hpp"

namespace tandem::platform {
namespace {

using app::run_sync;
using Outcome = std::variant<AttemptReservation, AttemptRefusal>;

constexpr std::int64_t kWindow = 300;

Outcome acquire(AttemptLimiter& limiter, std::vector<AttemptQuota> quotas, std::int64_t now) {
  return run_sync(limiter.try_acquire(std::move(quotas), now));
}

bool granted(const Outcome& o) { return std::holds_alternative<AttemptReservation>(o); }

std::int64_t retry_after(const Outcome& o) {
  return std::get<AttemptRefusal>(o).retry_after_seconds;
}

TEST(InProcessAttemptLimiter, RefusesOnceTheLimitIsReservedUntilTheWindowEnds) {
  InProcessAttemptLimiter limiter(kWindow);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(granted(acquire(limiter, {{"k", 3}}, 1000 + i)));
  auto refused = acquire(limiter, {{"k", 3}}, 1010);
  ASSERT_FALSE(granted(refused));
  EXPECT_EQ(retry_after(refused), kWindow - 10);  // the window started with the first attempt
  EXPECT_FALSE(granted(acquire(limiter, {{"k", 3}}, 1000 + kWindow - 1)));
  EXPECT_TRUE(granted(acquire(limiter, {{"k", 3}}, 1000 + kWindow)));
  EXPECT_TRUE(granted(acquire(limiter, {{"other", 3}}, 1010)));
}

TEST(InProcessAttemptLimiter, ARefusalChargesNoneOfItsQuotas) {
  InProcessAttemptLimiter limiter(kWindow);
  ASSERT_TRUE(granted(acquire(limiter, {{"full", 1}}, 0)));
  for (int i = 0; i < 5; ++i)
    EXPECT_FALSE(granted(acquire(limiter, {{"full", 1}, {"free", 2}}, 1)));
  // Had the refused attempts charged "free", it would be exhausted now.
  EXPECT_TRUE(granted(acquire(limiter, {{"free", 2}}, 2)));
  EXPECT_TRUE(granted(acquire(limiter, {{"free", 2}}, 2)));
  EXPECT_FALSE(granted(acquire(limiter, {{"free", 2}}, 2)));
}

TEST(InProcessAttemptLimiter, RetryAfterIsTheLongestWaitOfTheExhaustedQuotas) {
  InProcessAttemptLimiter limiter(kWindow);
  ASSERT_TRUE(granted(acquire(limiter, {{"old", 1}}, 0)));
  ASSERT_TRUE(granted(acquire(limiter, {{"new", 1}}, 100)));
  EXPECT_EQ(retry_after(acquire(limiter, {{"old", 1}, {"new", 1}}, 150)), kWindow - 50);
}

TEST(InProcessAttemptLimiter, ReleaseHandsTheAttemptsBack) {
  InProcessAttemptLimiter limiter(kWindow);
  auto first = acquire(limiter, {{"a", 1}, {"b", 1}}, 0);
  ASSERT_TRUE(granted(first));
  EXPECT_FALSE(granted(acquire(limiter, {{"a", 1}}, 1)));
  run_sync(limiter.release(std::get<AttemptReservation>(std::move(first))));
  EXPECT_TRUE(granted(acquire(limiter, {{"a", 1}}, 2)));
  EXPECT_TRUE(granted(acquire(limiter, {{"b", 1}}, 2)));
}

TEST(InProcessAttemptLimiter, ReleaseLeavesALaterWindowAlone) {
  InProcessAttemptLimiter limiter(kWindow);
  auto stale = acquire(limiter, {{"k", 2}}, 0);
  ASSERT_TRUE(granted(stale));
  // The window restarts (after expiry here; a reset does the same) and fills up.
  ASSERT_TRUE(granted(acquire(limiter, {{"k", 2}}, kWindow)));
  ASSERT_TRUE(granted(acquire(limiter, {{"k", 2}}, kWindow)));
  run_sync(limiter.release(std::get<AttemptReservation>(std::move(stale))));
  EXPECT_FALSE(granted(acquire(limiter, {{"k", 2}}, kWindow + 1)));
}

TEST(InProcessAttemptLimiter, ResetForgetsOneKeyOnly) {
  InProcessAttemptLimiter limiter(kWindow);
  ASSERT_TRUE(granted(acquire(limiter, {{"a", 1}, {"b", 1}}, 0)));
  run_sync(limiter.reset("a"));
  EXPECT_TRUE(granted(acquire(limiter, {{"a", 1}}, 1)));
  EXPECT_FALSE(granted(acquire(limiter, {{"b", 1}}, 1)));
}

// The login shape: per account from one address, and a higher ceiling for the account overall.
TEST(InProcessAttemptLimiter, AnAddressExhaustsItsOwnPairBeforeTheSharedCeiling) {
  InProcessAttemptLimiter limiter(kWindow);
  auto login_from = [&](const std::string& address) {
    return acquire(limiter, {{address + "/victim", 3}, {"victim", 7}}, 0);
  };
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(granted(login_from("attacker-1")));
  EXPECT_FALSE(granted(login_from("attacker-1")));
  EXPECT_TRUE(granted(login_from("owner")));  // another address still gets in
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(granted(login_from("attacker-" + std::to_string(i + 2))));
  // 3 + 1 + 3 = 7 attempts on the account: the ceiling now holds for every address.
  EXPECT_FALSE(granted(login_from("owner")));
  EXPECT_FALSE(granted(login_from("attacker-9")));
}

TEST(InProcessAttemptLimiter, RacingThreadsNeverGetPastALimit) {
  InProcessAttemptLimiter limiter(kWindow);
  constexpr int kThreads = 16;
  constexpr int kTriesEach = 100;
  constexpr std::int64_t kPairLimit = 3;
  constexpr std::int64_t kCeiling = 20;
  std::atomic<int> total{0};
  std::vector<int> per_thread(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTriesEach; ++i) {
        if (granted(acquire(
                limiter, {{"pair-" + std::to_string(t), kPairLimit}, {"ceiling", kCeiling}}, 0))) {
          ++per_thread[t];
          ++total;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(total.load(), kCeiling);  // 16 x 3 pairs would allow 48: the ceiling holds exactly
  for (int n : per_thread) EXPECT_LE(n, kPairLimit);
}

TEST(InProcessAttemptLimiter, RacingReleasesKeepTheCountExact) {
  InProcessAttemptLimiter limiter(kWindow);
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        auto got = acquire(limiter, {{"k", kThreads}}, 0);
        // With every thread giving its attempt back, there is always room for each of them.
        ASSERT_TRUE(granted(got));
        run_sync(limiter.release(std::get<AttemptReservation>(std::move(got))));
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int i = 0; i < kThreads; ++i) EXPECT_TRUE(granted(acquire(limiter, {{"k", kThreads}}, 0)));
  EXPECT_FALSE(granted(acquire(limiter, {{"k", kThreads}}, 0)));
}

}  // namespace
}  // namespace tandem::platform
