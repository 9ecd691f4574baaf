#include "store/db/statement_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tandem::store {
namespace {

// Adds `text` the way a driver does: room first, then the statement.
std::optional<int> add(StatementCache<int>& cache, const std::string& text, int statement) {
  auto evicted = cache.make_room();
  cache.insert(text, statement);
  return evicted;
}

TEST(StatementCache, EvictsTheLeastRecentlyUsed) {
  StatementCache<int> cache(3);
  EXPECT_EQ(add(cache, "a", 1), std::nullopt);
  EXPECT_EQ(add(cache, "b", 2), std::nullopt);
  EXPECT_EQ(add(cache, "c", 3), std::nullopt);
  ASSERT_NE(cache.find("a"), nullptr);  // "a" is now the most recent; "b" the least
  EXPECT_EQ(add(cache, "d", 4), 2);
  EXPECT_EQ(cache.find("b"), nullptr);
  EXPECT_EQ(*cache.find("a"), 1);
  EXPECT_EQ(*cache.find("c"), 3);
  EXPECT_EQ(*cache.find("d"), 4);
  EXPECT_EQ(cache.size(), 3u);
}

TEST(StatementCache, StaysAtItsBoundAndKeepsAHotText) {
  StatementCache<int> cache(8);
  add(cache, "hot", -1);
  int evicted = 0;
  for (int i = 0; i < 10'000; ++i) {
    if (add(cache, "cold " + std::to_string(i), i)) ++evicted;
    if (i % 4 == 0) {
      ASSERT_NE(cache.find("hot"), nullptr) << "after " << i;
    }
    ASSERT_LE(cache.size(), 8u);
  }
  EXPECT_EQ(evicted, 10'000 + 1 - 8);
  EXPECT_EQ(*cache.find("hot"), -1);
}

TEST(StatementCache, EraseForgetsOneText) {
  StatementCache<int> cache(2);
  add(cache, "a", 1);
  add(cache, "b", 2);
  EXPECT_EQ(cache.erase("a"), 1);
  EXPECT_EQ(cache.erase("a"), std::nullopt);
  EXPECT_EQ(add(cache, "c", 3), std::nullopt);  // erasing made room
  EXPECT_EQ(cache.size(), 2u);
}

}  // namespace
}  // namespace tandem::store
