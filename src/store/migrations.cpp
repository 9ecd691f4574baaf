#include "store/migrations.hpp"

#include <set>

#include "platform/clock.hpp"

namespace tandem::store {

namespace {
constexpr Sql kCreateMigrationsTable{
    "migrations_create",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, applied_at BIGINT NOT NULL)"};
constexpr Sql kAppliedVersions{"migrations_applied", "SELECT version FROM schema_migrations"};
constexpr Sql kRecordMigration{
    "migrations_record",
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"};
}  // namespace

boost::asio::awaitable<int> apply_migrations(Database& db) {
  const auto& all = db.dialect() == Dialect::sqlite ? embedded_sqlite_migrations()
                                                    : embedded_postgres_migrations();
  auto tx = co_await db.begin();
  co_await db.lock_for_migrations(*tx);
  auto created = co_await tx->query(kCreateMigrationsTable, store::SqlParams{});
  (void)created;
  auto rows = co_await tx->query(kAppliedVersions, store::SqlParams{});
  std::set<std::int64_t> applied;
  for (std::size_t i = 0; i < rows.size(); ++i) applied.insert(rows.integer(i, 0));
  int count = 0;
  for (const auto& m : all) {
    if (applied.count(m.version)) continue;
    co_await db.execute_script(*tx, m.sql);
    SqlParams params{std::int64_t{m.version}, std::string(m.name),
                     platform::Clock::instance().now_micros()};
    auto recorded = co_await tx->query(kRecordMigration, std::move(params));
    (void)recorded;
    ++count;
  }
  co_await tx->commit();
  co_return count;
}

}  // namespace tandem::store
