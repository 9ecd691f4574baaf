#pragma once
#include <boost/asio/awaitable.hpp>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace tandem::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Compiled in from migrations/<dialect>/NNNN_name.sql (see cmake/embed_migrations.cmake).
const std::vector<Migration>& embedded_sqlite_migrations();
const std::vector<Migration>& embedded_postgres_migrations();

// Applies pending migrations in one transaction under the dialect's migration lock, so several
// instances starting together apply each migration exactly once. Returns how many were applied.
boost::asio::awaitable<int> apply_migrations(Database& db);

}  // namespace tandem::store
