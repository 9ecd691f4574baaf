#include "store/db/sqlite_database.hpp"

#include <sqlite3.h>

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "platform/async_mutex.hpp"
#include "platform/metrics.hpp"
#include "platform/offload.hpp"
#include "store/db/data_version.hpp"
#include "store/db/sqlite_connection.hpp"

namespace tandem::store {

namespace {

using sqlite::SqliteConnection;

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
        writer_ = std::make_unique<SqliteConnection>(options_.path, options_.busy_timeout_ms,
                                                     options_.statement_cache_size);
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
    if (!slot)
      slot = std::make_unique<SqliteConnection>(options_.path, options_.busy_timeout_ms,
                                                options_.statement_cache_size);
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
  if (options.statement_cache_size < 1) {
    throw std::invalid_argument("SQLite: statement_cache_size must be at least 1");
  }
  // SQLite counts every allocation under a global mutex for sqlite3_status(), which nothing
  // here reads; turning that off must happen before the library initialises. Should something
  // have initialised it earlier, the call fails harmlessly and only the speed-up is lost.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  return std::make_unique<SqliteDatabase>(options);
}

}  // namespace tandem::store
