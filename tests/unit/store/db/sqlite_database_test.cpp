#include "store/db/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <thread>

#include "app/run_sync.hpp"

namespace tandem::store {
namespace {

namespace asio = boost::asio;
using app::run_sync;

constexpr Sql kCreate{"t_create",
                      "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                      "flag INTEGER, owner INTEGER REFERENCES items (id))"};
constexpr Sql kInsert{"t_insert", "INSERT INTO items (name, flag, owner) VALUES ($1, $2, $3)"};
constexpr Sql kCount{"t_count", "SELECT count(*) FROM items"};
constexpr Sql kByName{"t_by_name", "SELECT id, name, flag, owner FROM items WHERE name = $1"};

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("tandem-sqlite-test-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    cleanup();
    db_ = open_sqlite({path_.string()});
    run_sync(db_->query(kCreate, {}));
  }
  void TearDown() override {
    db_.reset();
    cleanup();
  }
  void cleanup() {
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::int64_t count() { return run_sync(db_->query(kCount, {})).integer(0, 0); }

  std::filesystem::path path_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteDatabaseTest, BindsAndReadsValuesIncludingNull) {
  run_sync(db_->query(kInsert, {std::string("a"), true, nullptr}));
  auto rs = run_sync(db_->query(kByName, {std::string("a")}));
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs.text(0, 1), "a");
  EXPECT_TRUE(rs.boolean(0, 2));
  EXPECT_TRUE(rs.is_null(0, 3));
  EXPECT_EQ(rs.columns()[1], "name");
}

TEST_F(SqliteDatabaseTest, MapsConstraintErrors) {
  run_sync(db_->query(kInsert, {std::string("a"), false, nullptr}));
  try {
    run_sync(db_->query(kInsert, {std::string("a"), false, nullptr}));
    FAIL() << "expected a unique violation";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.kind(), DatabaseError::Kind::unique_violation);
    EXPECT_NE(e.constraint().find("name"), std::string::npos);
  }
  try {
    run_sync(db_->query(kInsert, {std::string("b"), false, std::int64_t{999}}));
    FAIL() << "expected a foreign key violation";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.kind(), DatabaseError::Kind::foreign_key_violation);
  }
  try {
    run_sync(db_->query(kInsert, {nullptr, false, nullptr}));
    FAIL() << "expected a not-null violation";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.kind(), DatabaseError::Kind::check_violation);
  }
}

asio::awaitable<void> insert_then_drop(Database& db) {
  auto tx = co_await db.begin();
  SqlParams params{std::string("dropped"), false, nullptr};
  co_await tx->query(kInsert, std::move(params));
  // Leaving without commit() must roll back.
}

asio::awaitable<void> insert_then_commit(Database& db) {
  auto tx = co_await db.begin();
  SqlParams params{std::string("kept"), false, nullptr};
  co_await tx->query(kInsert, std::move(params));
  co_await tx->commit();
}

asio::awaitable<bool> failed_statement_aborts(Database& db) {
  auto tx = co_await db.begin();
  SqlParams first{std::string("x"), false, nullptr};
  co_await tx->query(kInsert, std::move(first));
  try {
    SqlParams duplicate{std::string("x"), false, nullptr};
    co_await tx->query(kInsert, std::move(duplicate));
  } catch (const DatabaseError&) {
  }
  try {
    co_await tx->commit();
  } catch (const DatabaseError&) {
    co_return true;
  }
  co_return false;
}

TEST_F(SqliteDatabaseTest, TransactionsCommitAndRollBack) {
  run_sync(insert_then_drop(*db_));
  EXPECT_EQ(count(), 0);
  run_sync(insert_then_commit(*db_));
  EXPECT_EQ(count(), 1);
  EXPECT_TRUE(run_sync(failed_statement_aborts(*db_)));
  EXPECT_EQ(count(), 1);  // the aborted transaction left nothing
}

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
  auto other = open_sqlite({path_.string()});  // as a CLI command or sqlite3 would
  run_sync(other->query(kInsert, {std::string("elsewhere"), false, nullptr}));
  other.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the readers' look interval
  EXPECT_NE(db_->data_version(DataScope::users), v);
}

}  // namespace
}  // namespace tandem::store
