#pragma once
// One established PostgreSQL connection, in non-blocking pipeline mode, bound to one event loop;
// and connect(), which establishes one without blocking that loop.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/db/database.hpp"
#include "store/db/postgres_database.hpp"
#include "store/db/postgres_libpq.hpp"
#include "store/db/statement_cache.hpp"

namespace tandem::store::pg {

// Control statements go through the unnamed statement: a named one would cost a cache entry for
// no saving, since Parse travels in the same packet as Execute anyway.
inline constexpr Sql kBegin{"", "BEGIN"};
inline constexpr Sql kCommit{"", "COMMIT"};
inline constexpr Sql kRollback{"", "ROLLBACK"};

class Connection {
 public:
  Connection(PgConnPtr pg, const asio::any_io_executor& executor,
             std::size_t statement_cache_size = kDefaultStatementCacheSize);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool broken() const { return broken_; }
  void mark_broken() { broken_ = true; }

  // Set while a request's results are still unread: such a connection cannot be reused.
  bool in_flight = false;
  // Set from BEGIN until COMMIT or ROLLBACK: the pool rolls back before reuse.
  bool in_transaction = false;

  // A connection that sat idle may have been closed by the server (restart, idle timeout,
  // pg_terminate_backend): find out before giving it to a caller.
  bool usable();

  // Runs `sql` (preceded by BEGIN when `begin` is set, and by its PREPARE the first time this
  // connection sees the text) as one pipeline: a single round trip. A statement with an empty
  // name runs unprepared. Statements evicted from the cache are DEALLOCATEd in the same round
  // trip, ahead of the first statement that runs outside a transaction.
  asio::awaitable<PgResultPtr> run(bool begin, const Sql& sql, const SqlParams& params);

  // A multi-statement script through the simple protocol, which pipeline mode does not allow.
  asio::awaitable<void> run_script(std::string script);

 private:
  [[noreturn]] void fail(std::string_view what);
  DatabaseError error_from(const PGresult* r) const;
  asio::awaitable<void> wait(WaitType type);
  asio::awaitable<void> flush();
  asio::awaitable<void> wait_result();
  asio::awaitable<PgResultPtr> next_result();
  void send_deallocations(const std::vector<std::string>& names);

  PgConnPtr pg_;
  asio::posix::stream_descriptor socket_;
  StatementCache<std::string> prepared_;  // text (+ declared types) -> server-side name
  std::vector<std::string> evicted_;      // names still prepared on the server, to DEALLOCATE
  std::uint64_t statements_named_ = 0;    // names come from this counter: unique per connection
  bool broken_ = false;
};

asio::awaitable<std::unique_ptr<Connection>> connect(
    asio::any_io_executor executor, std::shared_ptr<const PostgresOptions> options);

}  // namespace tandem::store::pg
