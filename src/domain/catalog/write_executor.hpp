#pragma once
// Runs planned writes (write_plan.hpp) inside one transaction (spec/beyo.md §2.6-2.9, §2.11):
// inserts, updates and deletes rows, and performs the relationship actions in document order
// (create_through_rel over the related rows id ascending; link's also_do and delete over the
// query's order, id descending), so ids come out the same on every run. It remembers what the
// request wrote to unique columns, so that a unique violation names the value that collided.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <vector>

#include "domain/catalog/database_failure.hpp"
#include "domain/catalog/write_plan.hpp"
#include "domain/identity/identity_service.hpp"
#include "store/db/database.hpp"
#include "store/query/model_schema.hpp"
#include "store/query/write_compiler.hpp"

namespace tandem::domain::catalog {

// Hashes every password `plan` writes, nested actions included. Called before the transaction
// begins: a hash takes 50-250 ms, too long to hold a connection and row locks (on SQLite, the
// one writer) for.
boost::asio::awaitable<void> hash_passwords(ObjectPlan& plan, identity::IdentityService& identity);

class WriteExecutor {
 public:
  // `now`: the request's time, for implicit and defaulted timestamp columns.
  WriteExecutor(store::Transaction& tx, store::Dialect dialect,
                const store::query::ModelRegistry& registry, identity::IdentityService& identity,
                std::int64_t now);

  // Inserts the row `plan` describes and performs its actions; `parent` is the foreign key of
  // a one-to-many parent it is created under. Returns the new id.
  boost::asio::awaitable<std::int64_t> create_row(
      const ObjectPlan& plan, std::optional<store::query::ColumnAssignment> parent = {});

  // Applies `plan` to the rows `ids` of plan.model: its columns in one statement, then its
  // actions row by row in the order of `ids`. `touch`: set the model's touch_on_update column
  // even when no column changes (a top-level update target).
  boost::asio::awaitable<void> update_rows(const ObjectPlan& plan,
                                           const std::vector<std::int64_t>& ids, bool touch);

  boost::asio::awaitable<void> delete_rows(const store::query::ModelSchema& model,
                                           const std::vector<std::int64_t>& ids);

  // The ids of `model`'s rows matching `filter`, id descending.
  boost::asio::awaitable<std::vector<std::int64_t>> find(const store::query::ModelSchema& model,
                                                         const store::query::FilterTree& filter,
                                                         std::optional<std::int64_t> limit,
                                                         bool lock_rows);

  // The request's writes to unique columns, oldest first.
  const std::vector<WrittenValue>& written() const { return written_; }

 private:
  boost::asio::awaitable<void> apply_action(const store::query::ModelSchema& owner,
                                            const ActionPlan& action, std::int64_t row);
  boost::asio::awaitable<std::vector<std::int64_t>> link_targets(const ActionPlan& action);
  boost::asio::awaitable<void> link(const store::query::ModelSchema& owner,
                                    const ActionPlan& action, std::int64_t row);
  boost::asio::awaitable<void> unlink(const store::query::ModelSchema& owner,
                                      const ActionPlan& action, std::int64_t row);
  boost::asio::awaitable<void> create_related(const store::query::ModelSchema& owner,
                                              const ActionPlan& action, std::int64_t row);
  boost::asio::awaitable<void> through(const store::query::ModelSchema& owner,
                                       const ActionPlan& action, std::int64_t row);
  boost::asio::awaitable<std::vector<std::int64_t>> related(
      const store::query::ModelSchema& owner, const store::query::RelationshipSchema& rel,
      std::int64_t row, const std::optional<std::vector<std::int64_t>>& among);
  // The column values of `plan` as stored (a password not hashed yet is hashed now), unique
  // values remembered.
  boost::asio::awaitable<std::vector<store::query::ColumnAssignment>> stored_columns(
      const ObjectPlan& plan);
  boost::asio::awaitable<store::ResultSet> run(store::query::WriteStatement statement);

  store::Transaction& tx_;
  store::Dialect dialect_;
  const store::query::ModelRegistry& registry_;
  identity::IdentityService& identity_;
  std::int64_t now_;
  std::vector<WrittenValue> written_;
};

}  // namespace tandem::domain::catalog
