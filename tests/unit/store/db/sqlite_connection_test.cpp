#include "store/db/sqlite_connection.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace tandem::store::sqlite {
namespace {

constexpr std::size_t kBound = 16;

class SqliteConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("tandem-sqlite-connection-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    cleanup();
  }
  void TearDown() override { cleanup(); }
  void cleanup() {
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }

  std::filesystem::path path_;
};

// Counted by SQLite itself, not by the cache's own bookkeeping.
std::size_t live_statements(sqlite3* db) {
  std::size_t n = 0;
  for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s; s = sqlite3_next_stmt(db, s)) ++n;
  return n;
}

// Heap used by the connection's prepared statements. (sqlite3_memory_used() would do, but the
// driver turns SQLite's global memory statistics off.)
int statement_memory(sqlite3* db) {
  int current = 0;
  int highwater = 0;
  sqlite3_db_status(db, SQLITE_DBSTATUS_STMT_USED, &current, &highwater, 0);
  return current;
}

std::string distinct_text(int i) {
  return "SELECT " + std::to_string(i) + " AS n, $1 AS v, 'padding to a realistic size' AS p";
}

TEST_F(SqliteConnectionTest, ThousandsOfDistinctTextsKeepTheCacheAndMemoryFlat) {
  SqliteConnection connection(path_.string(), 1000, kBound);
  sqlite3* db = connection.native_handle();
  for (int i = 0; i < 100; ++i) connection.run(distinct_text(i), {std::int64_t{i}});
  const int warm = statement_memory(db);
  ASSERT_GT(warm, 0);
  for (int i = 100; i < 5000; ++i) {
    auto rs = connection.run(distinct_text(i), {std::int64_t{i}});
    ASSERT_EQ(rs.integer(0, 0), i);
    ASSERT_EQ(rs.integer(0, 1), i);
  }
  EXPECT_EQ(connection.cached_statements(), kBound);
  EXPECT_EQ(live_statements(db), kBound);
  // Every cached statement has the same shape, so the memory is that of kBound of them.
  EXPECT_LE(statement_memory(db), warm + warm / 10);
}

TEST_F(SqliteConnectionTest, HotStatementSurvivesEvictionOfColdOnes) {
  SqliteConnection connection(path_.string(), 1000, kBound);
  const std::string hot = "SELECT $1 + 1 AS hot";
  sqlite3_stmt* first = connection.prepare(hot);
  int runs = 0;
  for (int i = 0; i < 3000; ++i) {
    connection.run(distinct_text(i), {std::int64_t{i}});
    if (i % 4 == 0) {
      ASSERT_EQ(connection.run(hot, {std::int64_t{i}}).integer(0, 0), i + 1);
      ++runs;
    }
  }
  // The very statement prepared first ran every time: a re-prepared one would start at zero.
  sqlite3_stmt* last = connection.prepare(hot);
  EXPECT_EQ(last, first);
  EXPECT_EQ(sqlite3_stmt_status(last, SQLITE_STMTSTATUS_RUN, 0), runs);
  // A cold statement that was evicted is prepared afresh and still answers.
  EXPECT_EQ(connection.run(distinct_text(0), {std::int64_t{7}}).integer(0, 1), 7);
}

}  // namespace
}  // namespace tandem::store::sqlite
