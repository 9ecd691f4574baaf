#pragma once
#include <boost/asio/awaitable.hpp>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Compiled in from migrations/<dialect>/NNNN_name.sql (see cmake/embed_migrations.cmake).
const std::vector<Migration>& embedded_sqlite_migrations();
const std::vector<Migration>& embedded_postgres_migrations();

// The database carries a migration this binary does not have: a newer tandem has used it. Its
// tables may mean something this binary would misread or overwrite, so nothing may touch it.
class SchemaTooNew : public std::runtime_error {
 public:
  SchemaTooNew(std::int64_t database_version, std::int64_t binary_version);
  std::int64_t database_version() const { return database_version_; }
  std::int64_t binary_version() const { return binary_version_; }

 private:
  std::int64_t database_version_;
  std::int64_t binary_version_;
};

// Applies pending migrations in one transaction under the dialect's migration lock, so several
// instances starting together apply each migration exactly once. Returns how many were applied.
// Throws SchemaTooNew, having changed nothing, when the database is ahead of this binary.
boost::asio::awaitable<int> apply_migrations(Database& db);

}  // namespace tandem::store
