#include "store/db/database_factory.hpp"

#include <stdexcept>

#include "store/db/postgres_database.hpp"
#include "store/db/sqlite_database.hpp"

namespace tandem::store {

namespace {
bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}
}  // namespace

DatabaseLocation parse_database_url(const std::string& url) {
  if (starts_with(url, "sqlite:///")) {
    std::string path = url.substr(std::string_view("sqlite:///").size());
    if (path.empty()) throw std::invalid_argument("sqlite URL without a file path: " + url);
    return {Dialect::sqlite, path, {}};
  }
  for (std::string_view scheme : {"postgresql+asyncpg://", "postgresql+psycopg2://",
                                  "postgresql+psycopg://", "postgresql://", "postgres://"}) {
    if (starts_with(url, scheme)) {
      // libpq understands postgresql:// and postgres:// URIs; drop SQLAlchemy's driver suffix.
      return {Dialect::postgres, {}, "postgresql://" + url.substr(scheme.size())};
    }
  }
  throw std::invalid_argument(
      "unsupported database URL (expected sqlite:///file.db or postgresql://...)");
}

std::unique_ptr<Database> open_database(const std::string& url, const DatabaseTuning& tuning) {
  auto loc = parse_database_url(url);
  if (loc.dialect == Dialect::sqlite) {
    SqliteOptions o;
    o.path = loc.sqlite_path;
    o.max_write_waiters = tuning.max_waiters * 4;
    o.statement_cache_size = tuning.statement_cache_size;
    return open_sqlite(o);
  }
  PostgresOptions o;
  o.conninfo = loc.postgres_conninfo;
  o.connections_per_loop = tuning.postgres_connections_per_loop;
  o.max_waiters_per_loop = tuning.max_waiters;
  o.statement_cache_size = tuning.statement_cache_size;
  o.statement_timeout = std::chrono::milliseconds(tuning.statement_timeout_ms);
  return open_postgres(o);
}

}  // namespace tandem::store
