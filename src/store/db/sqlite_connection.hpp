#pragma once
// One SQLite handle with its prepared statements (a bounded cache). Used by exactly one thread.

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "store/db/database.hpp"
#include "store/db/statement_cache.hpp"

namespace tandem::store::sqlite {

// $1 -> ?1 outside quoted text, so one SQL text serves both dialects.
std::string to_sqlite_placeholders(std::string_view sql);

DatabaseError make_error(sqlite3* db, int rc);

class SqliteConnection {
 public:
  SqliteConnection(const std::string& path, int busy_timeout_ms,
                   std::size_t statement_cache_size = kDefaultStatementCacheSize);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  void exec(const std::string& script);

  // The statement for `pg_text` (written with $n placeholders), prepared on first use. It stays
  // valid until the next prepare(), which may evict it.
  sqlite3_stmt* prepare(std::string_view pg_text);

  ResultSet run(sqlite3_stmt* stmt, const SqlParams& params);
  ResultSet run(std::string_view pg_text, const SqlParams& params);

  // True when another connection (the writer, or another process: a CLI command, sqlite3) has
  // committed since the previous look. The first call answers true: nothing is known before it.
  // The look is a read transaction of its own, so a busy thread takes it at most once per
  // kOtherCommitsLookInterval: another process's commit may go unseen for that long.
  bool others_committed();

  std::size_t cached_statements() const { return statements_.size(); }
  sqlite3* native_handle() const { return db_; }  // for diagnostics and tests

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  using StatementPtr = std::unique_ptr<sqlite3_stmt, Finalize>;

  std::int64_t read_data_version();

  sqlite3* db_ = nullptr;
  StatementCache<StatementPtr> statements_;
  StatementPtr data_version_statement_;  // PRAGMA data_version, prepared on the first look
  std::int64_t data_version_ = 0;
  bool data_version_seen_ = false;
  std::chrono::steady_clock::time_point data_version_looked_at_;
};

}  // namespace tandem::store::sqlite
