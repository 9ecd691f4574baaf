#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "store/db/database.hpp"
#include "store/db/statement_cache.hpp"

namespace tandem::store {

struct DatabaseLocation {
  Dialect dialect;
  std::string sqlite_path;        // for sqlite
  std::string postgres_conninfo;  // for postgres: a libpq URI
};

// SQLAlchemy-style URLs: sqlite:///relative.db, sqlite:////absolute.db, postgresql://...,
// postgres://..., postgresql+asyncpg://... Throws std::invalid_argument for anything else.
DatabaseLocation parse_database_url(const std::string& url);

struct DatabaseTuning {
  int postgres_connections_per_loop = 4;
  std::size_t max_waiters = 1024;
  std::size_t statement_cache_size = kDefaultStatementCacheSize;  // per connection
  std::int64_t statement_timeout_ms = 5000;                       // PostgreSQL; 0: no limit
};

std::unique_ptr<Database> open_database(const std::string& url, const DatabaseTuning& tuning = {});

}  // namespace tandem::store
