#include "platform/versioned_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tandem::platform {
namespace {

using Cache = VersionedCache<std::string, std::string>;
using namespace std::chrono_literals;

std::shared_ptr<const std::string> text(const char* s) {
  return std::make_shared<const std::string>(s);
}

TEST(VersionedCache, ServesAnEntryOnlyAtItsVersion) {
  Cache cache(8, 1h);
  cache.store("k", 5, text("five"));
  ASSERT_NE(cache.find("k", 5), nullptr);
  EXPECT_EQ(*cache.find("k", 5), "five");
  EXPECT_EQ(cache.find("k", 6), nullptr);
  EXPECT_EQ(cache.find("other", 5), nullptr);
}

TEST(VersionedCache, UnknownVersionNeitherStoresNorServes) {
  Cache cache(8, 1h);
  cache.store("k", Cache::kUnknownVersion, text("x"));
  EXPECT_EQ(cache.size(), 0u);
  cache.store("k", 3, text("three"));
  EXPECT_EQ(cache.find("k", Cache::kUnknownVersion), nullptr);
}

TEST(VersionedCache, AnOlderResultNeverReplacesANewerOne) {
  Cache cache(8, 1h);
  cache.store("k", 7, text("new"));
  cache.store("k", 6, text("old"));  // a slow request that read version 6
  ASSERT_NE(cache.find("k", 7), nullptr);
  EXPECT_EQ(*cache.find("k", 7), "new");
  cache.store("k", 8, text("newer"));
  EXPECT_EQ(*cache.find("k", 8), "newer");
}

TEST(VersionedCache, ExpiresAfterMaxAge) {
  Cache cache(8, -1ns);  // every entry is older than that at once
  cache.store("k", 1, text("x"));
  EXPECT_EQ(cache.find("k", 1), nullptr);
}

TEST(VersionedCache, ANewerVersionDropsEveryOlderEntry) {
  Cache cache(8, 1h);
  cache.store("a", 1, text("a"));
  cache.store("b", 1, text("b"));
  EXPECT_EQ(cache.size(), 2u);
  cache.store("c", 2, text("c"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.find("a", 1), nullptr);
}

TEST(VersionedCache, CapacityBoundsTheEntries) {
  Cache cache(2, 1h);
  cache.store("a", 1, text("a"));
  cache.store("b", 1, text("b"));
  cache.store("a", 1, text("a2"));  // replacing is not growing
  EXPECT_EQ(cache.size(), 2u);
  cache.store("c", 1, text("c"));
  EXPECT_LE(cache.size(), 2u);
  EXPECT_NE(cache.find("c", 1), nullptr);
}

// A clock the test moves by hand.
struct ManualClock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<ManualClock>;
  static constexpr bool is_steady = true;
  static inline time_point current{};
  static time_point now() { return current; }
};
using TimedCache = VersionedCache<std::string, std::string, std::hash<std::string>, ManualClock>;

TEST(VersionedCache, OneCallerRenewsAnAgedEntryWhileTheOthersKeepIt) {
  ManualClock::current = {};
  TimedCache cache(8, 2s);
  cache.store("k", 1, text("old"));
  ManualClock::current += 999ms;
  EXPECT_NE(cache.find("k", 1), nullptr);  // fresh: nobody recomputes
  ManualClock::current += 500ms;
  EXPECT_EQ(cache.find("k", 1), nullptr);  // the first caller in the second half recomputes
  ASSERT_NE(cache.find("k", 1), nullptr);  // everyone else is served meanwhile
  EXPECT_EQ(*cache.find("k", 1), "old");
  EXPECT_EQ(cache.find_fresh("k", 1), nullptr);  // the renewer's second look still misses
  cache.store("k", 1, text("new"));
  EXPECT_EQ(*cache.find("k", 1), "new");
  EXPECT_EQ(cache.find("k", 2), nullptr);  // a commit is never hidden by renewal
}

TEST(VersionedCache, AnAbandonedRenewalEndsTheEntryAtMaxAge) {
  ManualClock::current = {};
  TimedCache cache(8, 2s);
  cache.store("k", 1, text("x"));
  ManualClock::current += 1100ms;
  EXPECT_EQ(cache.find("k", 1), nullptr);  // chosen to renew, then fails and stores nothing
  ManualClock::current += 899ms;
  EXPECT_NE(cache.find("k", 1), nullptr);  // 1.999 s: still served to the others
  ManualClock::current += 2ms;
  EXPECT_EQ(cache.find("k", 1), nullptr);  // past max_age: a miss for everyone
  EXPECT_EQ(cache.find("k", 1), nullptr);
}

}  // namespace
}  // namespace tandem::platform
