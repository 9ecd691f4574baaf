#include "store/db/postgres_database.hpp"

#include <atomic>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/db/postgres_change_feed.hpp"
#include "store/db/postgres_codec.hpp"
#include "store/db/postgres_libpq.hpp"
#include "store/db/postgres_pool.hpp"
#include "store/db/postgres_pool_registry.hpp"
#include "store/db/postgres_transaction.hpp"
#include "store/db/sql_builder.hpp"
#include "store/db/sql_dialect.hpp"

namespace tandem::store {
namespace {

using pg::Kind;
using pg::Pool;
using pg::PoolRegistry;

// The bytes of "TandemMg": fixed so that every Tandem process contends for the same lock.
constexpr std::int64_t kMigrationLockKey = 6080262349404327271;

std::atomic<std::uint64_t> next_database_id{1};

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(const PostgresOptions& options)
      : id_(next_database_id.fetch_add(1)),
        options_(std::make_shared<const PostgresOptions>(options)),
        changes_(options.conninfo, options.connect_timeout) {}

  ~PostgresDatabase() override {
    std::lock_guard lock(mutex_);
    for (auto& ref : pools_) {
      auto pool = ref.pool.lock();
      if (!pool) continue;  // its event loop has shut down and closed it already
      if (pool->owner() == std::this_thread::get_id()) {
        // The loop's own thread is here, so the loop is not running: close it synchronously.
        ref.registry->erase(id_);
      } else {
        asio::post(pool->executor(), [registry = ref.registry, id = id_] { registry->erase(id); });
      }
    }
  }

  Dialect dialect() const override { return Dialect::postgres; }

  std::uint64_t data_version(DataScope scope) const override {
    return changes_.data_version(scope);
  }

  void watch_foreign_commits(DataScope scope, std::function<void()> heard) override {
    changes_.watch_foreign_commits(scope, std::move(heard));
  }
  void clear_commit_watchers() override { changes_.clear_commit_watchers(); }

  asio::awaitable<ResultSet> query(const Sql& sql, SqlParams params) override {
    auto executor = co_await asio::this_coro::executor;
    auto pool = pool_for(executor);
    auto lease = co_await Pool::acquire(pool);
    const StatementEffect effect = classify_statement(sql.text(Dialect::postgres));
    pg::PgResultPtr result;
    try {
      auto answered = co_await lease->run(false, sql, params);
      result = std::move(answered);
    } catch (const DatabaseError& e) {
      // A write whose answer was lost with the connection may have committed (see commit()).
      if (e.kind() == Kind::unavailable) changes_.note_local_commit(effect);
      throw;
    }
    lease.reset();
    changes_.note_local_commit(effect);
    co_return pg::to_result_set(result.get());
  }

  asio::awaitable<std::unique_ptr<Transaction>> begin() override {
    auto executor = co_await asio::this_coro::executor;
    auto pool = pool_for(executor);
    auto lease = co_await Pool::acquire(pool);
    co_return std::make_unique<pg::PostgresTransaction>(std::move(lease), changes_);
  }

  asio::awaitable<void> execute_script(Transaction& tx, std::string_view script) override {
    auto& postgres = pg::postgres_transaction(tx);
    co_await postgres.run_script(std::string(script));
  }

  asio::awaitable<void> lock_for_migrations(Transaction& tx) override {
    static const Statement lock(
        "tandem_migration_lock",
        SqlDialect::of(Dialect::postgres).advisory_xact_lock(kMigrationLockKey));
    const SqlParams no_params;
    auto result = co_await tx.query(lock, no_params);
    // A migration may rewrite a large table: the request statement timeout is not for it.
    static const Statement no_timeout("", "SET LOCAL statement_timeout = 0");
    auto lifted = co_await tx.query(no_timeout, no_params);
  }

 private:
  struct PoolRef {
    std::weak_ptr<Pool> pool;
    PoolRegistry* registry;
  };

  std::shared_ptr<Pool> pool_for(const asio::any_io_executor& executor) {
    auto& context = asio::query(executor, asio::execution::context);
    if (!asio::has_service<PoolRegistry>(context)) {
      // Creating a timer first makes the reactor older than the registry, so the registry shuts
      // down first and closes its pools while coroutines still hold leases on them; the leases
      // then drop their connections instead of scheduling rollbacks on a dying loop.
      asio::steady_timer reactor_first(executor);
    }
    auto& registry = asio::use_service<PoolRegistry>(context);
    bool created = false;
    auto pool = registry.find_or_create(id_, executor, options_, created);
    if (created) {
      std::lock_guard lock(mutex_);
      std::erase_if(pools_, [](const PoolRef& ref) { return ref.pool.expired(); });
      pools_.push_back({pool, &registry});
    }
    return pool;
  }

  const std::uint64_t id_;
  const std::shared_ptr<const PostgresOptions> options_;
  std::mutex mutex_;
  std::vector<PoolRef> pools_;
  PostgresChangeFeed changes_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const PostgresOptions& options) {
  if (options.connections_per_loop < 1) {
    throw std::invalid_argument("PostgreSQL: connections_per_loop must be at least 1");
  }
  if (options.statement_cache_size < 1) {
    throw std::invalid_argument("PostgreSQL: statement_cache_size must be at least 1");
  }
  if (options.connect_timeout.count() <= 0) {
    throw std::invalid_argument("PostgreSQL: connect_timeout must be positive");
  }
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(options.conninfo.c_str(), &error);
  if (!parsed) {
    std::string message = "PostgreSQL: invalid connection string: " + pg::trimmed(error);
    PQfreemem(error);
    throw std::invalid_argument(message);
  }
  PQconninfoFree(parsed);
  return std::make_unique<PostgresDatabase>(options);
}

}  // namespace tandem::store
