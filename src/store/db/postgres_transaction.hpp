#pragma once
// A PostgreSQL transaction: one leased connection from BEGIN to COMMIT; dropped without commit(),
// the lease returns the connection to its pool, which rolls it back.

#include <boost/asio/awaitable.hpp>
#include <string>

#include "store/db/data_version.hpp"
#include "store/db/database.hpp"
#include "store/db/postgres_change_feed.hpp"
#include "store/db/postgres_pool.hpp"

namespace tandem::store::pg {

class PostgresTransaction final : public Transaction {
 public:
  PostgresTransaction(Lease lease, PostgresChangeFeed& changes)
      : lease_(std::move(lease)), changes_(changes) {}

  asio::awaitable<ResultSet> query(const Sql& sql, SqlParams params) override;
  asio::awaitable<void> commit() override;
  asio::awaitable<void> run_script(std::string script);

 private:
  void check_usable() const;

  Lease lease_;
  PostgresChangeFeed& changes_;
  StatementEffect effect_ = StatementEffect::none;
  bool begun_ = false;
  bool failed_ = false;
  bool finished_ = false;
};

// `tx` as a PostgresTransaction; DatabaseError(other) when it belongs to another driver.
PostgresTransaction& postgres_transaction(Transaction& tx);

}  // namespace tandem::store::pg
