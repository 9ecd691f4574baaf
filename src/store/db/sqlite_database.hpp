#pragma once
#include <memory>
#include <string>

#include "store/db/database.hpp"
#include "store/db/statement_cache.hpp"

namespace tandem::store {

struct SqliteOptions {
  std::string path;  // file path; created when missing
  std::size_t max_write_waiters =
      4096;                      // writers queued for the single writer; beyond -> overloaded
  int busy_timeout_ms = 10'000;  // another process (a CLI command) holding the file lock
  // Prepared statements kept per connection (each reader thread's, and the writer's).
  std::size_t statement_cache_size = kDefaultStatementCacheSize;
};

// WAL, synchronous=NORMAL, foreign keys on. Every write goes through one writer connection on
// its own thread, so writers never see SQLITE_BUSY from each other; reads outside a transaction
// use a per-thread reader connection and run directly on the calling loop (short indexed reads).
// Throws std::invalid_argument when statement_cache_size is 0.
std::unique_ptr<Database> open_sqlite(const SqliteOptions& options);

}  // namespace tandem::store
