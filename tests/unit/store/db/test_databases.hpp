#pragma once
// Throwaway databases for the driver tests: a SQLite file, or a PostgreSQL schema of its own on
// the server named by TANDEM_TEST_POSTGRES_URL (scripts/pg-test-cluster.sh start prints one), so
// that runs in parallel do not collide. Plus the small coroutine helpers the tests share.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "store/db/database.hpp"
#include "store/db/postgres_database.hpp"
#include "store/db/sqlite_database.hpp"

namespace tandem::store::db_test {

// Builds parameters outside the co_await expression: g++ 12 rejects a braced initializer list
// there ("array used as initializer").
template <typename... Values>
SqlParams params(Values&&... values) {
  SqlParams p;
  (p.emplace_back(std::forward<Values>(values)), ...);
  return p;
}

template <typename T>
T run_on(asio::io_context& io, asio::awaitable<T> task) {
  auto future = asio::co_spawn(io, std::move(task), asio::use_future);
  io.restart();
  io.run();
  return future.get();
}

inline asio::awaitable<ResultSet> query(Database& db, const Sql& sql, SqlParams values) {
  auto r = co_await db.query(sql, std::move(values));
  co_return r;
}

inline asio::awaitable<void> script(Database& db, std::string text) {
  auto tx = co_await db.begin();
  co_await db.execute_script(*tx, text);
  co_await tx->commit();
}

// Runs `task` and returns the DatabaseError it throws (or fails the test when it does not).
template <typename T>
DatabaseError expect_error(asio::io_context& io, asio::awaitable<T> task) {
  try {
    run_on(io, std::move(task));
  } catch (const DatabaseError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a DatabaseError";
  return DatabaseError(DatabaseError::Kind::other, "none");
}

// The server's URL, or "" when PostgreSQL tests are to be skipped.
inline std::string postgres_test_url() {
  const char* url = std::getenv("TANDEM_TEST_POSTGRES_URL");
  return url ? url : "";
}

// `url` with its connections' search_path set to `schema` (and a statement timeout, so that a
// lock the test forgot fails the test instead of hanging it).
inline std::string with_options(std::string url, const std::string& schema) {
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    url += url.find('?') == std::string::npos ? '?' : '&';
    url += "options=-csearch_path%3D" + schema + "%20-cstatement_timeout%3D10000";
  } else {
    url += " options='-csearch_path=" + schema + " -cstatement_timeout=10000'";
  }
  return url;
}

// A schema created for one test and dropped with everything in it afterwards.
class PostgresTestSchema {
 public:
  PostgresTestSchema(asio::io_context& io, const std::string& url, const std::string& prefix)
      : io_(io) {
    static std::atomic<int> counter{0};
    name_ = prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin_ = open_postgres({.conninfo = url});
    run_on(io_, script(*admin_, "CREATE SCHEMA " + name_));
    conninfo_ = with_options(url, name_);
  }
  ~PostgresTestSchema() { run_on(io_, script(*admin_, "DROP SCHEMA " + name_ + " CASCADE")); }
  PostgresTestSchema(const PostgresTestSchema&) = delete;
  PostgresTestSchema& operator=(const PostgresTestSchema&) = delete;

  const std::string& name() const { return name_; }
  const std::string& conninfo() const { return conninfo_; }  // connects into the schema
  Database& admin() { return *admin_; }                      // connects outside it

 private:
  asio::io_context& io_;
  std::string name_;
  std::string conninfo_;
  std::unique_ptr<Database> admin_;
};

// A SQLite file named after the running test, removed (with its WAL) before and after.
class SqliteTestFile {
 public:
  explicit SqliteTestFile(const std::string& prefix) {
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : test) {
      if (c == '/') c = '_';  // parameterised tests are named Test/0
    }
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "-" + std::to_string(getpid()) + "-" + test + ".db");
    remove();
  }
  ~SqliteTestFile() { remove(); }
  SqliteTestFile(const SqliteTestFile&) = delete;
  SqliteTestFile& operator=(const SqliteTestFile&) = delete;

  std::string path() const { return path_.string(); }

 private:
  void remove() {
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::filesystem::path path_;
};

}  // namespace tandem::store::db_test
