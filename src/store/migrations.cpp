#include "store/migrations.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "platform/clock.hpp"
#include "store/db/columns.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {
// The same texts on both dialects.
struct AppliedVersion {
  std::int64_t version = 0;
};
const Columns<AppliedVersion> kVersionColumn{{"version", &AppliedVersion::version}};
const Statement kCreateMigrationsTable{
    "migrations_create",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, applied_at BIGINT NOT NULL)"};
const Statement kAppliedVersions{"migrations_applied",
                                 "SELECT " + kVersionColumn.list() + " FROM schema_migrations"};
const Statement kRecordMigration{
    "migrations_record",
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"};
}  // namespace

SchemaTooNew::SchemaTooNew(std::int64_t database_version, std::int64_t binary_version)
    : std::runtime_error("the database is at schema version " + std::to_string(database_version) +
                         ", newer than this tandem's " + std::to_string(binary_version) +
                         ": refusing to use it (run a tandem at least that new); nothing was "
                         "changed"),
      database_version_(database_version),
      binary_version_(binary_version) {}

boost::asio::awaitable<int> apply_migrations(Database& db) {
  const auto& all = db.dialect() == Dialect::sqlite ? embedded_sqlite_migrations()
                                                    : embedded_postgres_migrations();
  auto tx = co_await db.begin();
  co_await db.lock_for_migrations(*tx);
  auto created = co_await tx->query(kCreateMigrationsTable, store::SqlParams{});
  (void)created;
  auto rows = co_await tx->query(kAppliedVersions, store::SqlParams{});
  std::set<std::int64_t> applied;
  for (const auto& version : kVersionColumn.all(rows)) applied.insert(version.version);
  std::int64_t newest_known = 0;
  for (const auto& m : all) newest_known = std::max<std::int64_t>(newest_known, m.version);
  // Leaving without commit rolls back even the CREATE TABLE IF NOT EXISTS above.
  if (!applied.empty() && *applied.rbegin() > newest_known)
    throw SchemaTooNew(*applied.rbegin(), newest_known);
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
