#pragma once
// The PostgreSQL driver: libpq in non-blocking pipeline mode, its socket driven by the calling
// event loop, and a connection pool per loop so that a connection never changes thread.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "store/db/database.hpp"
#include "store/db/statement_cache.hpp"

namespace tandem::store {

struct PostgresOptions {
  std::string conninfo;          // a libpq conninfo or URI: postgresql://user:pw@127.0.0.1:5432/db
  int connections_per_loop = 4;  // connections each event loop may open
  std::size_t max_waiters_per_loop = 1024;  // beyond this, DatabaseError(overloaded)
  std::chrono::milliseconds connect_timeout{5000};
  // Prepared statements kept per connection; the least recently used is DEALLOCATEd beyond it.
  std::size_t statement_cache_size = kDefaultStatementCacheSize;
  // Every statement of a request ends with SQLSTATE 57014 after this long (spec/beyo.md §5.2:
  // no request holds a connection and its locks indefinitely); 0: no limit. Migrations lift it
  // for their own transaction.
  std::chrono::milliseconds statement_timeout{5000};
};

// Connects lazily: nothing touches the network until the first query. Throws
// std::invalid_argument when the conninfo does not parse or a limit is not positive.
//
// Contract with the event loops: each io_context that calls into the database is run by one
// thread. The Database may be destroyed before or after those io_contexts, but not while one of
// its calls is still in flight.
std::unique_ptr<Database> open_postgres(const PostgresOptions& options);

}  // namespace tandem::store
