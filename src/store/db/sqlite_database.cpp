#include "store/db/sqlite_database.hpp"

#include <sqlite3.h>

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <unordered_map>

#include "platform/async_mutex.hpp"
#include "platform/metrics.hpp"
#include "platform/offload.hpp"
#include "store/db/data_version.hpp"

namespace tandem::store {

namespace {

// How stale a cached answer may be after another process (a CLI command, sqlite3) commits. This
// process's own commits invalidate at once; a millisecond is "at once" for anyone else too.
constexpr std::chrono::milliseconds kOtherCommitsLookInterval{1};

// $1 -> ?1 outside quoted text, so one SQL text serves both dialects.
std::string to_sqlite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      c = '?';
    }
    out.push_back(c);
  }
  return out;
}

DatabaseError make_error(sqlite3* db, int rc) {
  int ext = sqlite3_extended_errcode(db);
  std::string msg = sqlite3_errmsg(db);
  auto constraint_of = [&] {
    auto colon = msg.find(": ");
    return colon == std::string::npos ? std::string{} : msg.substr(colon + 2);
  };
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return {DatabaseError::Kind::unique_violation, msg, constraint_of()};
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return {DatabaseError::Kind::foreign_key_violation, msg, constraint_of()};
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK:
      return {DatabaseError::Kind::check_violation, msg, constraint_of()};
    default:
      break;
  }
  if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
    return {DatabaseError::Kind::overloaded, msg};
  if ((rc & 0xFF) == SQLITE_CANTOPEN || (rc & 0xFF) == SQLITE_IOERR)
    return {DatabaseError::Kind::unavailable, msg};
  return {DatabaseError::Kind::other, msg};
}

// One SQLite handle with its prepared statements. Used by exactly one thread.
class SqliteConnection {
 public:
  SqliteConnection(const std::string& path, int busy_timeout_ms) {
    int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw DatabaseError(DatabaseError::Kind::unavailable, "cannot open " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec("PRAGMA foreign_keys=ON");
  }
  ~SqliteConnection() {
    for (auto& [_, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  void exec(const std::string& script) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      sqlite3_free(err);
      throw make_error(db_, rc);
    }
  }

  sqlite3_stmt* prepare(std::string_view pg_text) {
    auto it = statements_.find(pg_text);
    if (it != statements_.end()) return it->second;
    std::string text = to_sqlite_placeholders(pg_text);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) throw make_error(db_, rc);
    statements_.emplace(std::string(pg_text), stmt);
    return stmt;
  }

  ResultSet run(sqlite3_stmt* stmt, const SqlParams& params) {
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const auto& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(v))
        rc = sqlite3_bind_null(stmt, idx);
      else if (auto* n = std::get_if<std::int64_t>(&v))
        rc = sqlite3_bind_int64(stmt, idx, *n);
      else if (auto* d = std::get_if<double>(&v))
        rc = sqlite3_bind_double(stmt, idx, *d);
      else if (auto* b = std::get_if<bool>(&v))
        rc = sqlite3_bind_int(stmt, idx, *b ? 1 : 0);
      else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text(stmt, idx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) throw make_error(db_, rc);
    }
    int ncols = sqlite3_column_count(stmt);
    std::vector<std::string> columns;
    columns.reserve(ncols);
    for (int c = 0; c < ncols; ++c) columns.emplace_back(sqlite3_column_name(stmt, c));
    ResultSet rs(std::move(columns));
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw make_error(db_, rc);
      for (int c = 0; c < ncols; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          rs.add_cell(std::nullopt);
        } else {
          auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          rs.add_cell(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
    }
    rs.affected_rows = sqlite3_changes64(db_);
    return rs;
  }

  ResultSet run(std::string_view pg_text, const SqlParams& params) {
    return run(prepare(pg_text), params);
  }

  // True when another connection (the writer, or another process: a CLI command, sqlite3) has
  // committed since the previous look. The first call answers true: nothing is known before it.
  // The look is a read transaction of its own, so a busy thread takes it at most once per
  // kOtherCommitsLookInterval: another process's commit may go unseen for that long.
  bool others_committed() {
    auto now = std::chrono::steady_clock::now();
    if (data_version_seen_ && now - data_version_looked_at_ < kOtherCommitsLookInterval) {
      return false;
    }
    auto version = run("PRAGMA data_version", {}).integer(0, 0);
    bool changed = !data_version_seen_ || version != data_version_;
    data_version_ = version;
    data_version_seen_ = true;
    data_version_looked_at_ = now;
    return changed;
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> statements_;
  std::int64_t data_version_ = 0;
  bool data_version_seen_ = false;
  std::chrono::steady_clock::time_point data_version_looked_at_;
};

std::atomic<std::uint64_t> next_database_id{1};

class SqliteDatabase;

class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& db) : db_(db) {}
  ~SqliteTransaction() override;
  asio::awaitable<ResultSet> query(const Sql& sql, SqlParams params) override;
  asio::awaitable<void> commit() override;
  void mark_failed() { failed_ = true; }
  void note_effect(StatementEffect e) { effect_ = combine(effect_, e); }

 private:
  SqliteDatabase& db_;
  StatementEffect effect_ = StatementEffect::none;
  bool done_ = false;
  bool failed_ = false;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const SqliteOptions& o)
      : options_(o), id_(next_database_id++), write_lock_(o.max_write_waiters) {
    // Open the writer first: it creates the file and switches it to WAL before readers attach.
    std::promise<void> opened;
    asio::post(writer_thread_, [this, &opened] {
      try {
        writer_ = std::make_unique<SqliteConnection>(options_.path, options_.busy_timeout_ms);
        opened.set_value();
      } catch (...) {
        opened.set_exception(std::current_exception());
      }
    });
    opened.get_future().get();
  }

  ~SqliteDatabase() override {
    asio::post(writer_thread_, [this] { writer_.reset(); });
    writer_thread_.join();
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  // This process's commits bump the version as they happen; another process's commit is seen
  // here, by the calling thread's reader, before any cached answer is served. A reader that
  // saw a commit cannot tell whose it was (the writer's count too), so it bumps both scopes:
  // on SQLite the user cache only lasts between writes, which is what read-mostly traffic needs.
  std::uint64_t data_version(DataScope scope) const override {
    try {
      if (local_reader().others_committed()) version_.bump(StatementEffect::users);
    } catch (const DatabaseError&) {
      return DataVersion::kUnknown;
    }
    return version_.current(scope);
  }

  void wait_idle() override {
    std::promise<void> idle;
    asio::post(writer_thread_, [&idle] { idle.set_value(); });
    idle.get_future().wait();
  }

  asio::awaitable<ResultSet> query(const Sql& sql, SqlParams params) override {
    auto text = sql.text(Dialect::sqlite);
    auto& reader = local_reader();
    sqlite3_stmt* stmt = reader.prepare(text);
    if (sqlite3_stmt_readonly(stmt)) {
      co_return reader.run(stmt, params);
    }
    co_await acquire_writer();
    struct Unlock {
      platform::AsyncMutex& m;
      ~Unlock() { m.unlock(); }
    } unlock{write_lock_};
    auto rs = co_await on_writer(text, std::move(params));
    version_.bump(classify_statement(text));
    co_return rs;
  }

  asio::awaitable<std::unique_ptr<Transaction>> begin() override {
    co_await acquire_writer();
    auto tx = std::make_unique<SqliteTransaction>(*this);
    try {
      auto work = [this] {
        writer_->exec("BEGIN IMMEDIATE");
        return true;
      };
      auto begun = co_await platform::run_on(writer_thread_.get_executor(), std::move(work));
      (void)begun;
    } catch (...) {
      tx->mark_failed();
      throw;  // the transaction's destructor releases the writer
    }
    co_return tx;
  }

  asio::awaitable<void> execute_script(Transaction& tx, std::string_view script) override {
    // The writer connection is the transaction's connection. A script (a migration) may change
    // anything.
    static_cast<SqliteTransaction&>(tx).note_effect(StatementEffect::users);
    auto work = [this, s = std::string(script)] {
      writer_->exec(s);
      return true;
    };
    auto done = co_await platform::run_on(writer_thread_.get_executor(), std::move(work));
    (void)done;
  }

  asio::awaitable<void> lock_for_migrations(Transaction&) override { co_return; }

  // For SqliteTransaction.
  asio::awaitable<ResultSet> on_writer(std::string_view text, SqlParams params) {
    auto work = [this, t = std::string(text), p = std::move(params)] { return writer_->run(t, p); };
    auto rs = co_await platform::run_on(writer_thread_.get_executor(), std::move(work));
    co_return rs;
  }
  asio::awaitable<void> finish_on_writer(const char* statement) {
    auto work = [this, statement] {
      writer_->exec(statement);
      return true;
    };
    auto done = co_await platform::run_on(writer_thread_.get_executor(), std::move(work));
    (void)done;
  }
  // Rolls back and releases the writer without awaiting (from a destructor).
  void rollback_and_release() {
    asio::post(writer_thread_, [this] {
      try {
        writer_->exec("ROLLBACK");
      } catch (...) {
        // No transaction open (BEGIN failed, or SQLite already rolled back): nothing to undo.
      }
      write_lock_.unlock();
    });
  }
  void release_writer() { write_lock_.unlock(); }
  void note_commit(StatementEffect effect) { version_.bump(effect); }

 private:
  asio::awaitable<void> acquire_writer() {
    auto started = std::chrono::steady_clock::now();
    try {
      co_await write_lock_.lock();
    } catch (const platform::QueueFull&) {
      throw DatabaseError(DatabaseError::Kind::overloaded, "sqlite writer queue full");
    }
    std::chrono::duration<double> waited = std::chrono::steady_clock::now() - started;
    platform::Metrics::instance().record_db_wait(waited.count());
  }

  SqliteConnection& local_reader() const {
    thread_local std::unordered_map<std::uint64_t, std::unique_ptr<SqliteConnection>> readers;
    auto& slot = readers[id_];
    if (!slot) slot = std::make_unique<SqliteConnection>(options_.path, options_.busy_timeout_ms);
    return *slot;
  }

  SqliteOptions options_;
  std::uint64_t id_;
  asio::thread_pool writer_thread_{1};
  std::unique_ptr<SqliteConnection> writer_;  // touched only on writer_thread_
  platform::AsyncMutex write_lock_;
  mutable DataVersion version_;
};

SqliteTransaction::~SqliteTransaction() {
  if (!done_) db_.rollback_and_release();
}

asio::awaitable<ResultSet> SqliteTransaction::query(const Sql& sql, SqlParams params) {
  if (failed_ || done_)
    throw DatabaseError(DatabaseError::Kind::other, "transaction is no longer usable");
  try {
    auto text = sql.text(Dialect::sqlite);
    auto rs = co_await db_.on_writer(text, std::move(params));
    note_effect(classify_statement(text));
    co_return rs;
  } catch (...) {
    // Match PostgreSQL: one failed statement aborts the whole transaction.
    failed_ = true;
    throw;
  }
}

asio::awaitable<void> SqliteTransaction::commit() {
  if (failed_ || done_)
    throw DatabaseError(DatabaseError::Kind::other, "cannot commit a failed transaction");
  co_await db_.finish_on_writer("COMMIT");
  done_ = true;
  db_.note_commit(effect_);
  db_.release_writer();
}

}  // namespace

std::unique_ptr<Database> open_sqlite(const SqliteOptions& options) {
  // SQLite counts every allocation under a global mutex for sqlite3_status(), which nothing
  // here reads; turning that off must happen before the library initialises. Should something
  // have initialised it earlier, the call fails harmlessly and only the speed-up is lost.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  return std::make_unique<SqliteDatabase>(options);
}

}  // namespace tandem::store
