#include "store/db/postgres_transaction.hpp"

#include "store/db/postgres_codec.hpp"

namespace tandem::store::pg {

// BEGIN travels in the same pipeline as the first statement, saving a round trip; the
// snapshot is taken at the first statement either way.
asio::awaitable<ResultSet> PostgresTransaction::query(const Sql& sql, SqlParams params) {
  check_usable();
  const bool send_begin = !begun_;
  begun_ = true;
  failed_ = true;  // stays set if the statement throws: PostgreSQL has aborted the transaction
  auto result = co_await lease_->run(send_begin, sql, params);
  failed_ = false;
  effect_ = combine(effect_, classify_statement(sql.text(Dialect::postgres)));
  co_return to_result_set(result.get());
}

asio::awaitable<void> PostgresTransaction::commit() {
  check_usable();
  finished_ = true;
  if (!begun_) {
    lease_.reset();
    co_return;
  }
  const SqlParams no_params;
  std::string status;
  try {
    auto result = co_await lease_->run(false, kCommit, no_params);
    status = PQcmdStatus(result.get());
  } catch (const DatabaseError& e) {
    // A COMMIT that fails has ended the transaction on the server all the same. When the
    // connection broke, the server may have committed before the answer was lost: announce
    // it, as a needless cache miss is cheap and a stale answer is not.
    lease_->in_transaction = false;
    lease_.reset();
    if (e.kind() == Kind::unavailable) changes_.note_local_commit(effect_);
    throw;
  }
  lease_->in_transaction = false;
  lease_.reset();
  // COMMIT of an aborted transaction answers "ROLLBACK" rather than an error.
  if (status != "COMMIT") {
    throw DatabaseError(Kind::other, "the transaction was rolled back instead of committed");
  }
  changes_.note_local_commit(effect_);
}

asio::awaitable<void> PostgresTransaction::run_script(std::string script) {
  check_usable();
  failed_ = true;
  if (!begun_) {
    begun_ = true;
    lease_->in_transaction = true;
    const SqlParams no_params;
    auto begun = co_await lease_->run(false, kBegin, no_params);
  }
  co_await lease_->run_script(std::move(script));
  failed_ = false;
  effect_ = StatementEffect::users;  // a script (a migration) may change anything
}

void PostgresTransaction::check_usable() const {
  if (finished_) throw DatabaseError(Kind::other, "the transaction has already ended");
  if (failed_) throw DatabaseError(Kind::other, "the transaction was aborted by an earlier error");
}

PostgresTransaction& postgres_transaction(Transaction& tx) {
  auto* pg = dynamic_cast<PostgresTransaction*>(&tx);
  if (!pg) throw DatabaseError(Kind::other, "not a PostgreSQL transaction");
  return *pg;
}

}  // namespace tandem::store::pg
