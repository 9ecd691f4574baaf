#include "store/db/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <thread>

#include "app/run_sync.hpp"
#include "test_databases.hpp"

namespace tandem::store {
namespace {

namespace asio = boost::asio;
using app::run_sync;

constexpr Sql kCreate{"t_create",
                      "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                      "flag INTEGER, owner INTEGER REFERENCES items (id))"};
constexpr Sql kInsert{"t_insert", "INSERT INTO items (name, flag, owner) VALUES ($1, $2, $3)"};
constexpr Sql kCount{"t_count", "SELECT count(*) FROM items"};

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = open_sqlite({file_.path()});
    run_sync(db_->query(kCreate, {}));
  }
  void TearDown() override { db_.reset(); }
  std::int64_t count() { return run_sync(db_->query(kCount, {})).integer(0, 0); }

  db_test::SqliteTestFile file_{"tandem-sqlite-test"};
  std::unique_ptr<Database> db_;
};

asio::awaitable<void> insert_many(Database& db, int first, int n, int& done) {
  for (int i = first; i < first + n; ++i) {
    auto tx = co_await db.begin();
    SqlParams params{"n" + std::to_string(i), false, nullptr};
    co_await tx->query(kInsert, std::move(params));
    co_await tx->commit();
    ++done;
  }
}

TEST_F(SqliteDatabaseTest, ConcurrentWritersFromTwoLoopsAreSerialised) {
  asio::io_context a(1), b(1);
  int done_a = 0, done_b = 0;
  asio::co_spawn(a, insert_many(*db_, 0, 100, done_a), asio::detached);
  asio::co_spawn(a, insert_many(*db_, 100, 100, done_a), asio::detached);
  asio::co_spawn(b, insert_many(*db_, 200, 100, done_b), asio::detached);
  std::thread ta([&] { a.run(); });
  std::thread tb([&] { b.run(); });
  ta.join();
  tb.join();
  EXPECT_EQ(done_a, 200);
  EXPECT_EQ(done_b, 100);
  EXPECT_EQ(count(), 300);
}

TEST_F(SqliteDatabaseTest, PlaceholdersInsideQuotesAreLeftAlone) {
  constexpr Sql kQuoted{"t_quoted", "SELECT '$1' AS literal, $1 AS bound"};
  auto rs = run_sync(db_->query(kQuoted, {std::string("value")}));
  EXPECT_EQ(rs.text(0, 0), "$1");
  EXPECT_EQ(rs.text(0, 1), "value");
}

TEST_F(SqliteDatabaseTest, DataVersionMovesWithCommitsNotReads) {
  auto v = db_->data_version(DataScope::any);
  ASSERT_NE(v, DataVersion::kUnknown);
  EXPECT_EQ(db_->data_version(DataScope::any), v);
  count();
  EXPECT_EQ(db_->data_version(DataScope::any), v);
  run_sync(db_->query(kInsert, {std::string("a"), false, nullptr}));
  // Past the readers' look interval: the reader's next look then sees the insert (as another
  // connection's commit) here rather than in the middle of the checks below.
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  auto after_insert = db_->data_version(DataScope::any);
  EXPECT_EQ(db_->data_version(DataScope::any), after_insert);
  EXPECT_NE(after_insert, v);
  auto tx = run_sync(db_->begin());
  run_sync(tx->query(kInsert, {std::string("b"), false, nullptr}));
  EXPECT_EQ(db_->data_version(DataScope::any), after_insert);  // not before the commit
  run_sync(tx->commit());
  EXPECT_NE(db_->data_version(DataScope::any), after_insert);
}

TEST_F(SqliteDatabaseTest, DataVersionSeesAnotherConnectionsCommit) {
  auto v = db_->data_version(DataScope::users);
  auto other = open_sqlite({file_.path()});  // as a CLI command or sqlite3 would
  run_sync(other->query(kInsert, {std::string("elsewhere"), false, nullptr}));
  other.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the readers' look interval
  EXPECT_NE(db_->data_version(DataScope::users), v);
}

// Far more distinct texts than the caches hold, reads (the reader's cache) and writes (the
// writer's) interleaved with a hot statement: every answer stays right while statements churn.
TEST_F(SqliteDatabaseTest, TinyStatementCacheStillAnswersEveryStatement) {
  SqliteOptions options;
  options.path = file_.path();
  options.statement_cache_size = 2;
  auto db = open_sqlite(options);
  for (int i = 0; i < 300; ++i) {
    const std::string name = "n" + std::to_string(i);
    const std::string insert =
        "INSERT INTO items (name, flag) VALUES ($1, " + std::to_string(i) + ") RETURNING flag";
    ASSERT_EQ(run_sync(db->query(Sql{"t_distinct_insert", insert}, {name})).integer(0, 0), i);
    const std::string read = "SELECT flag + " + std::to_string(i) + " FROM items WHERE name = $1";
    ASSERT_EQ(run_sync(db->query(Sql{"t_distinct_read", read}, {name})).integer(0, 0), 2 * i);
    ASSERT_EQ(run_sync(db->query(kCount, {})).integer(0, 0), i + 1);
  }
}

TEST(SqliteOpen, RejectsAnEmptyStatementCache) {
  SqliteOptions options;
  options.path = "unused.db";
  options.statement_cache_size = 0;
  EXPECT_THROW(open_sqlite(options), std::invalid_argument);
}

}  // namespace
}  // namespace tandem::store
