// Runs against a real server: set TANDEM_TEST_POSTGRES_URL (scripts/pg-test-cluster.sh start
// prints one). Each test works in a schema of its own, so runs in parallel do not collide.

#include "store/db/postgres_database.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "test_databases.hpp"

namespace tandem::store {
namespace {

using namespace db_test;  // NOLINT: the shared test helpers
using Kind = DatabaseError::Kind;
using namespace std::chrono_literals;

constexpr Sql kCreateTables{"", R"(
  CREATE TABLE parent (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE);
  CREATE TABLE child (id bigserial PRIMARY KEY,
                      parent_id bigint NOT NULL REFERENCES parent (id),
                      qty bigint CHECK (qty >= 0));
  CREATE TABLE item (id bigserial PRIMARY KEY, name text NOT NULL, note text,
                     score double precision, qty bigint, active boolean);
)"};

constexpr Sql kInsertParent{"test_insert_parent",
                            "INSERT INTO parent (name) VALUES ($1) RETURNING id"};
constexpr Sql kInsertChild{"test_insert_child",
                           "INSERT INTO child (parent_id, qty) VALUES ($1, $2)"};
constexpr Sql kCountParents{"test_count_parents", "SELECT count(*) FROM parent"};
constexpr Sql kRenameParent{"test_rename_parent", "UPDATE parent SET name = $2 WHERE id = $1"};
constexpr Sql kBackendPid{"test_backend_pid", "SELECT pg_backend_pid()"};
constexpr Sql kEcho{"test_echo", "SELECT $1::bigint + 1 AS next, pg_backend_pid() AS pid"};
constexpr Sql kSleep{"test_sleep", "SELECT pg_sleep(0.2)"};
constexpr Sql kTerminate{"test_terminate", "SELECT pg_terminate_backend($1::int)"};
// A transaction-scoped try: it never outlives the probing statement.
constexpr Sql kTryMigrationLock{"test_try_migration_lock",
                                "SELECT pg_try_advisory_xact_lock(6080262349404327271)"};
constexpr Sql kOwnAdvisoryLocks{"test_own_advisory_locks", R"(
  SELECT count(*) FROM pg_locks
  WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted)"};

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  timer.expires_after(d);
  co_await timer.async_wait(asio::use_awaitable);
}

Kind kind_of(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const DatabaseError& error) {
    return error.kind();
  } catch (...) {
  }
  ADD_FAILURE() << "not a DatabaseError";
  return Kind::other;
}

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string url = postgres_test_url();
    if (url.empty()) GTEST_SKIP() << "TANDEM_TEST_POSTGRES_URL is not set";
    schema_ = std::make_unique<PostgresTestSchema>(io_, url, "pgdt");
    conninfo_ = schema_->conninfo();
    admin_ = &schema_->admin();
    db_ = open();
    run_on(io_, script(*db_, std::string(kCreateTables.postgres)));
  }

  void TearDown() override {
    db_.reset();
    schema_.reset();
  }

  std::unique_ptr<Database> open(int connections = 4, std::size_t waiters = 1024) {
    PostgresOptions options;
    options.conninfo = conninfo_;
    options.connections_per_loop = connections;
    options.max_waiters_per_loop = waiters;
    return open_postgres(options);
  }

  std::int64_t count_parents(Database& db) {
    return run_on(io_, query(db, kCountParents, {})).integer(0, 0);
  }

  asio::io_context io_;
  std::unique_ptr<PostgresTestSchema> schema_;
  std::string conninfo_;
  Database* admin_ = nullptr;  // outside the test's schema
  std::unique_ptr<Database> db_;
};

// Many socket reads and partial writes per statement: the paths where an edge-triggered wait
// could miss bytes already buffered in the kernel.
TEST_F(PostgresDatabaseTest, MovesLargeValuesBothWays) {
  static constexpr Sql kLength{"test_length", "SELECT length($1::text), md5($1::text)"};
  static constexpr Sql kMd5{"test_md5", "SELECT md5($1::text)"};
  std::string big(8 << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 4096) big[i] = static_cast<char>('a' + i % 26);
  auto expected = run_on(io_, query(*db_, kMd5, {big})).text(0, 0);
  auto r = run_on(io_, query(*db_, kLength, {big}));
  EXPECT_EQ(r.integer(0, 0), static_cast<std::int64_t>(big.size()));
  EXPECT_EQ(r.text(0, 1), expected);

  static constexpr Sql kRows{"test_rows", R"(
    SELECT g, repeat(chr(97 + g % 26), 1000) FROM generate_series(1, 20000) AS g)"};
  auto rows = run_on(io_, query(*db_, kRows, {}));
  ASSERT_EQ(rows.size(), 20000u);
  EXPECT_EQ(rows.integer(19999, 0), 20000);
  EXPECT_EQ(rows.text(19999, 1), std::string(1000, static_cast<char>('a' + 20000 % 26)));
}

TEST_F(PostgresDatabaseTest, BindsBooleans) {
  static constexpr Sql kBooleans{"test_booleans",
                                 "SELECT $1::boolean, $2::boolean, NOT $1::boolean, $3::boolean"};
  auto r = run_on(io_, query(*db_, kBooleans, {true, false, nullptr}));
  EXPECT_EQ(r.text(0, 0), "t");
  EXPECT_TRUE(r.boolean(0, 0));
  EXPECT_FALSE(r.boolean(0, 1));
  EXPECT_FALSE(r.boolean(0, 2));
  EXPECT_TRUE(r.is_null(0, 3));
}

TEST_F(PostgresDatabaseTest, MapsUniqueViolationWithConstraintName) {
  run_on(io_, query(*db_, kInsertParent, {std::string("a")}));
  auto e = expect_error(io_, query(*db_, kInsertParent, {std::string("a")}));
  EXPECT_EQ(e.kind(), Kind::unique_violation);
  EXPECT_EQ(e.constraint(), "parent_name_key");
  // The connection and its prepared statement survive the error.
  run_on(io_, query(*db_, kInsertParent, {std::string("b")}));
  EXPECT_EQ(count_parents(*db_), 2);
}

TEST_F(PostgresDatabaseTest, StatementWhoseFirstExecutionFailsStaysPrepared) {
  run_on(io_, query(*db_, kInsertParent, {std::string("a")}));
  static constexpr Sql kInsertNamed{"test_insert_named", "INSERT INTO parent (name) VALUES ($1)"};
  auto e = expect_error(io_, query(*db_, kInsertNamed, {std::string("a")}));
  EXPECT_EQ(e.kind(), Kind::unique_violation);
  auto r = run_on(io_, query(*db_, kInsertNamed, {std::string("c")}));
  EXPECT_EQ(r.affected_rows, 1);
}

TEST_F(PostgresDatabaseTest, MapsForeignKeyAndCheckViolations) {
  auto fk = expect_error(io_, query(*db_, kInsertChild, {std::int64_t{999}, std::int64_t{1}}));
  EXPECT_EQ(fk.kind(), Kind::foreign_key_violation);
  EXPECT_EQ(fk.constraint(), "child_parent_id_fkey");

  auto parent = run_on(io_, query(*db_, kInsertParent, {std::string("p")})).integer(0, 0);
  auto check = expect_error(io_, query(*db_, kInsertChild, {parent, std::int64_t{-1}}));
  EXPECT_EQ(check.kind(), Kind::check_violation);
  EXPECT_EQ(check.constraint(), "child_qty_check");

  auto not_null = expect_error(io_, query(*db_, kInsertParent, {nullptr}));
  EXPECT_EQ(not_null.kind(), Kind::check_violation);

  static constexpr Sql kBadSql{"test_bad_sql", "SELECT * FROM no_such_table"};
  EXPECT_EQ(expect_error(io_, query(*db_, kBadSql, {})).kind(), Kind::other);
}

// Prepared statements are cached by text: a name is only a label.
TEST_F(PostgresDatabaseTest, OneNameForTwoTextsRunsEachText) {
  static constexpr Sql kOne{"test_same_name", "SELECT 1"};
  static constexpr Sql kTwo{"test_same_name", "SELECT 2"};
  auto db = open(1);
  EXPECT_EQ(run_on(io_, query(*db, kOne, {})).integer(0, 0), 1);
  EXPECT_EQ(run_on(io_, query(*db, kTwo, {})).integer(0, 0), 2);
  EXPECT_EQ(run_on(io_, query(*db, kOne, {})).integer(0, 0), 1);
}

asio::awaitable<void> insert_two_and_commit(Database& db) {
  auto tx = co_await db.begin();
  auto a = co_await tx->query(kInsertParent, params(std::string("a")));
  auto b = co_await tx->query(kInsertParent, params(std::string("b")));
  co_await tx->commit();
}

asio::awaitable<std::int64_t> insert_and_abandon(Database& db) {
  auto tx = co_await db.begin();
  auto r = co_await tx->query(kInsertParent, params(std::string("abandoned")));
  auto pid = co_await tx->query(kBackendPid, params());
  co_return pid.integer(0, 0);
}

TEST_F(PostgresDatabaseTest, RollsBackTransactionDroppedWithoutCommit) {
  auto db = open(1);
  auto pid = run_on(io_, insert_and_abandon(*db));
  // One connection only: it was rolled back and is the one reused.
  EXPECT_EQ(count_parents(*db), 0);
  EXPECT_EQ(run_on(io_, query(*db, kBackendPid, {})).integer(0, 0), pid);
  run_on(io_, insert_two_and_commit(*db));
  EXPECT_EQ(count_parents(*db), 2);
}

asio::awaitable<void> lock_row_and_abandon(Database& db, std::int64_t id) {
  auto tx = co_await db.begin();
  auto r = co_await tx->query(kRenameParent, params(id, std::string("locked")));
}

TEST_F(PostgresDatabaseTest, AbandonedTransactionReleasesRowLocks) {
  auto db = open(2);
  auto id = run_on(io_, query(*db, kInsertParent, {std::string("a")})).integer(0, 0);
  run_on(io_, lock_row_and_abandon(*db, id));
  // The second connection would wait on the row lock (until statement_timeout) if the abandoned
  // transaction were still open.
  auto updated = run_on(io_, query(*db, kRenameParent, {id, std::string("free")}));
  EXPECT_EQ(updated.affected_rows, 1);
}

asio::awaitable<void> script_then_fail(Database& db) {
  auto tx = co_await db.begin();
  co_await db.execute_script(*tx, "INSERT INTO s1 VALUES (3); SELECT * FROM no_such_table;");
  co_await tx->commit();
}

asio::awaitable<void> migrate(Database& db, std::string text) {
  auto tx = co_await db.begin();
  co_await db.lock_for_migrations(*tx);
  co_await db.execute_script(*tx, text);
  auto r = co_await tx->query(kInsertParent, params(std::string("after script")));
  co_await tx->commit();
}

TEST_F(PostgresDatabaseTest, ExecutesScripts) {
  run_on(io_, migrate(*db_, R"(
    CREATE TABLE s1 (a int);
    INSERT INTO s1 VALUES (1), (2);
    CREATE TABLE IF NOT EXISTS s1 (a int);
    CREATE TABLE s2 (b text);
  )"));
  static constexpr Sql kCountS1{"test_count_s1", "SELECT count(*), sum(a) FROM s1"};
  auto r = run_on(io_, query(*db_, kCountS1, {}));
  EXPECT_EQ(r.integer(0, 0), 2);
  EXPECT_EQ(r.integer(0, 1), 3);
  EXPECT_EQ(count_parents(*db_), 1);

  auto e = expect_error(io_, script_then_fail(*db_));
  EXPECT_EQ(e.kind(), Kind::other);
  EXPECT_EQ(run_on(io_, query(*db_, kCountS1, {})).integer(0, 0), 2);
}

// Checked through pg_locks on the holding connection itself: other test processes may take the
// same lock at any moment.
asio::awaitable<std::vector<std::int64_t>> lock_and_probe(Database& db, Database& other) {
  std::vector<std::int64_t> seen;
  auto tx = co_await db.begin();
  co_await db.lock_for_migrations(*tx);
  auto held = co_await tx->query(kOwnAdvisoryLocks, params());
  seen.push_back(held.integer(0, 0));
  auto probe = co_await other.query(kTryMigrationLock, params());
  seen.push_back(probe.boolean(0, 0));
  co_await tx->commit();
  auto after = co_await db.query(kOwnAdvisoryLocks, params());
  seen.push_back(after.integer(0, 0));
  co_return seen;
}

TEST_F(PostgresDatabaseTest, MigrationLockIsHeldUntilCommit) {
  auto db = open(1);  // one connection, so the query after commit runs where the lock was held
  auto other = open(1);
  EXPECT_EQ(run_on(io_, lock_and_probe(*db, *other)), (std::vector<std::int64_t>{1, 0, 0}));
}

struct Outcome {
  int ok = 0;
  int overloaded = 0;
  int other = 0;
  std::set<std::int64_t> pids;
};

void spawn_echo(asio::io_context& io, Database& db, std::int64_t n, Outcome& out) {
  asio::co_spawn(io, query(db, kEcho, {n}), [&out, n](std::exception_ptr e, ResultSet r) {
    if (e) {
      (kind_of(e) == Kind::overloaded ? out.overloaded : out.other)++;
      return;
    }
    EXPECT_EQ(r.integer(0, 0), n + 1);
    out.pids.insert(r.integer(0, 1));
    ++out.ok;
  });
}

TEST_F(PostgresDatabaseTest, ServesManyConcurrentQueriesWithFewConnections) {
  auto db = open(4);
  Outcome out;
  for (int i = 0; i < 200; ++i) spawn_echo(io_, *db, i, out);
  io_.restart();
  io_.run();
  EXPECT_EQ(out.ok, 200);
  EXPECT_EQ(out.other, 0);
  EXPECT_GE(out.pids.size(), 1u);
  EXPECT_LE(out.pids.size(), 4u);
}

TEST_F(PostgresDatabaseTest, RefusesCallersBeyondTheWaitQueue) {
  auto db = open(1, 2);
  Outcome out;
  for (int i = 0; i < 10; ++i) {
    asio::co_spawn(io_, query(*db, kSleep, {}), [&out](std::exception_ptr e, ResultSet) {
      if (!e) {
        ++out.ok;
      } else {
        (kind_of(e) == Kind::overloaded ? out.overloaded : out.other)++;
      }
    });
  }
  io_.restart();
  io_.run();
  EXPECT_EQ(out.ok, 3);  // one on the connection, two in the queue
  EXPECT_EQ(out.overloaded, 7);
  EXPECT_EQ(out.other, 0);
}

TEST_F(PostgresDatabaseTest, ServesTwoEventLoopsOnTwoThreads) {
  auto db = open(3);
  asio::io_context loops[2];
  Outcome outs[2];
  for (int l = 0; l < 2; ++l) {
    for (int i = 0; i < 150; ++i) spawn_echo(loops[l], *db, l * 1000 + i, outs[l]);
  }
  std::thread a([&] { loops[0].run(); });
  std::thread b([&] { loops[1].run(); });
  a.join();
  b.join();
  for (const auto& out : outs) {
    EXPECT_EQ(out.ok, 150);
    EXPECT_EQ(out.other, 0);
    EXPECT_LE(out.pids.size(), 3u);
  }
  // Each loop has connections of its own.
  for (auto pid : outs[0].pids) EXPECT_EQ(outs[1].pids.count(pid), 0u);
  db.reset();  // the loops are stopped but alive: their pools close when the loops are destroyed
}

TEST_F(PostgresDatabaseTest, SurvivesEventLoopDestroyedBeforeDatabase) {
  auto db = open(2);
  {
    asio::io_context loop;
    EXPECT_EQ(run_on(loop, query(*db, kEcho, {std::int64_t{1}})).integer(0, 0), 2);
  }
  // A new loop, possibly at the same address, gets a pool of its own.
  asio::io_context loop;
  EXPECT_EQ(run_on(loop, query(*db, kEcho, {std::int64_t{2}})).integer(0, 0), 3);
}

asio::awaitable<void> terminate_after(Database& admin, std::int64_t pid) {
  auto r = co_await admin.query(kTerminate, params(pid));
  co_await sleep_for(200ms);
}

TEST_F(PostgresDatabaseTest, ReplacesConnectionClosedByTheServer) {
  auto db = open(1);
  auto pid = run_on(io_, query(*db, kBackendPid, {})).integer(0, 0);
  run_on(io_, terminate_after(*admin_, pid));
  auto again = run_on(io_, query(*db, kBackendPid, {})).integer(0, 0);
  EXPECT_NE(again, pid);
}

asio::awaitable<std::vector<Kind>> lose_connection_in_transaction(Database& db, Database& admin) {
  std::vector<Kind> kinds;
  auto tx = co_await db.begin();
  auto pid = co_await tx->query(kBackendPid, params());
  co_await terminate_after(admin, pid.integer(0, 0));
  try {
    auto r = co_await tx->query(kInsertParent, params(std::string("lost")));
  } catch (const DatabaseError& e) {
    kinds.push_back(e.kind());
  }
  try {
    co_await tx->commit();
  } catch (const DatabaseError& e) {
    kinds.push_back(e.kind());
  }
  co_return kinds;
}

TEST_F(PostgresDatabaseTest, QueryOnBrokenConnectionIsUnavailable) {
  auto db = open(1);
  auto kinds = run_on(io_, lose_connection_in_transaction(*db, *admin_));
  EXPECT_EQ(kinds, (std::vector<Kind>{Kind::unavailable, Kind::other}));
  EXPECT_EQ(count_parents(*db), 0);
}

constexpr std::size_t kCacheBound = 16;

// Seen from the connection itself, so only statements of this test's one connection count.
constexpr Sql kPreparedCount{"test_prepared_count", "SELECT count(*) FROM pg_prepared_statements"};
constexpr Sql kPreparedAt{"test_prepared_at",
                          "SELECT name, prepare_time::text FROM pg_prepared_statements "
                          "WHERE statement = $1"};

std::string distinct_text(int i) { return "SELECT $1::bigint + " + std::to_string(i); }

asio::awaitable<void> run_distinct(Database& db, int first, int count) {
  for (int i = first; i < first + count; ++i) {
    const std::string text = distinct_text(i);
    const Sql sql{"test_distinct", text};
    auto r = co_await db.query(sql, params(std::int64_t{1}));
    if (r.integer(0, 0) != i + 1) throw std::runtime_error("wrong answer to " + text);
  }
}

asio::awaitable<void> run_distinct_in_transaction(Database& db, int first, int count) {
  auto tx = co_await db.begin();
  for (int i = first; i < first + count; ++i) {
    const std::string text = distinct_text(i);
    const Sql sql{"test_distinct", text};
    auto r = co_await tx->query(sql, params(std::int64_t{1}));
  }
  co_await tx->commit();
}

class PostgresStatementCacheTest : public PostgresDatabaseTest {
 protected:
  std::unique_ptr<Database> open_bounded() {
    PostgresOptions options;
    options.conninfo = conninfo_;
    options.connections_per_loop = 1;
    options.statement_cache_size = kCacheBound;
    return open_postgres(options);
  }
};

TEST_F(PostgresStatementCacheTest, ThousandsOfDistinctTextsKeepTheServerAtTheBound) {
  auto db = open_bounded();
  run_on(io_, run_distinct(*db, 0, 3000));
  // The evicted statements were DEALLOCATEd: the count query itself is one of the bound.
  EXPECT_EQ(run_on(io_, query(*db, kPreparedCount, {})).integer(0, 0),
            static_cast<std::int64_t>(kCacheBound));
  // Inside a transaction the DEALLOCATEs wait (a failure there would abort it), and go out
  // with the next statement after it.
  run_on(io_, run_distinct_in_transaction(*db, 5000, 40));
  EXPECT_EQ(run_on(io_, query(*db, kPreparedCount, {})).integer(0, 0),
            static_cast<std::int64_t>(kCacheBound));
  // Evicted texts are prepared afresh when they come back.
  run_on(io_, run_distinct(*db, 0, 20));
}

asio::awaitable<std::string> hot_and_cold(Database& db, const Sql& hot) {
  for (int i = 0; i < 2000; ++i) {
    const std::string text = distinct_text(i);
    const Sql cold{"test_cold", text};
    auto answer = co_await db.query(cold, params(std::int64_t{1}));
    if (i % 4 == 0) {
      auto again = co_await db.query(hot, params(std::int64_t{i}));
    }
  }
  auto seen = co_await db.query(kPreparedAt, params(std::string(hot.postgres)));
  co_return seen.text(0, 0) + " " + seen.text(0, 1);
}

TEST_F(PostgresStatementCacheTest, HotStatementSurvivesEvictionOfColdOnes) {
  static constexpr Sql kHot{"test_hot", "SELECT $1::bigint * 2"};
  auto db = open_bounded();
  run_on(io_, query(*db, kHot, {std::int64_t{1}}));
  auto before = run_on(io_, query(*db, kPreparedAt, {std::string(kHot.postgres)}));
  ASSERT_EQ(before.size(), 1u);
  // Same server-side name, prepared at the same moment: never evicted and re-prepared.
  EXPECT_EQ(run_on(io_, hot_and_cold(*db, kHot)), before.text(0, 0) + " " + before.text(0, 1));
}

TEST_F(PostgresStatementCacheTest, StatementDeallocatedBehindTheDriversBackIsPreparedAgain) {
  auto db = open_bounded();
  EXPECT_EQ(run_on(io_, query(*db, kEcho, {std::int64_t{1}})).integer(0, 0), 2);
  static constexpr Sql kDeallocateAll{"", "DEALLOCATE ALL"};
  run_on(io_, query(*db, kDeallocateAll, {}));
  EXPECT_EQ(expect_error(io_, query(*db, kEcho, {std::int64_t{1}})).kind(), Kind::other);
  EXPECT_EQ(run_on(io_, query(*db, kEcho, {std::int64_t{2}})).integer(0, 0), 3);
}

// Needs no server: nothing listens on port 1.
TEST(PostgresConnect, UnreachableServerIsUnavailable) {
  asio::io_context io;
  auto db = open_postgres({.conninfo = "postgresql://tandem@127.0.0.1:1/tandem",
                           .connect_timeout = std::chrono::milliseconds(2000)});
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(expect_error(io, query(*db, kBackendPid, {})).kind(), Kind::unavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  // Waiters queued behind failing connects are failed too, not left hanging.
  auto one = open_postgres(
      {.conninfo = "postgresql://tandem@127.0.0.1:1/tandem", .connections_per_loop = 1});
  Outcome out;
  for (int i = 0; i < 5; ++i) spawn_echo(io, *one, i, out);
  io.restart();
  io.run();
  EXPECT_EQ(out.other, 5);
}

// A listener that completes the TCP handshake but never answers the startup packet.
TEST(PostgresConnect, SilentServerTimesOut) {
  asio::io_context io;
  asio::ip::tcp::acceptor silent(io, {asio::ip::make_address("127.0.0.1"), 0});
  PostgresOptions options;
  options.conninfo =
      "postgresql://tandem@127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/tandem";
  options.connect_timeout = 300ms;
  auto db = open_postgres(options);
  auto start = std::chrono::steady_clock::now();
  auto e = expect_error(io, query(*db, kBackendPid, {}));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(e.kind(), Kind::unavailable);
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 2s);
}

TEST(PostgresOpen, RejectsInvalidOptions) {
  EXPECT_THROW(open_postgres({.conninfo = "host=x nosuchoption=1"}), std::invalid_argument);
  EXPECT_THROW(open_postgres({.conninfo = "host=x", .connections_per_loop = 0}),
               std::invalid_argument);
  EXPECT_THROW(open_postgres({.conninfo = "host=x", .statement_cache_size = 0}),
               std::invalid_argument);
  EXPECT_NO_THROW(open_postgres({.conninfo = "postgresql://u:p@127.0.0.1:5432/db"}));
}

// Waits (bounded) for a database's change feed to report a version other than `not_this`.
std::uint64_t version_other_than(Database& db, std::uint64_t not_this) {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  for (;;) {
    auto v = db.data_version(DataScope::any);
    if ((v != not_this && v != DataVersion::kUnknown) ||
        std::chrono::steady_clock::now() > deadline)
      return v;
    std::this_thread::sleep_for(5ms);
  }
}

TEST_F(PostgresDatabaseTest, DataVersionHearsOtherProcessesCommits) {
  auto other = open();
  auto mine = version_other_than(*db_, DataVersion::kUnknown);
  auto theirs = version_other_than(*other, DataVersion::kUnknown);
  ASSERT_NE(mine, DataVersion::kUnknown) << "the change feed never connected";
  ASSERT_NE(theirs, DataVersion::kUnknown);
  run_on(io_, query(*db_, kInsertParent, {std::string("announced")}));
  EXPECT_NE(db_->data_version(DataScope::any), mine);  // the writer's own: at once
  EXPECT_NE(version_other_than(*other, theirs), theirs);
}

}  // namespace
}  // namespace tandem::store
