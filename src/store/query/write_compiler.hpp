#pragma once
// The statements the schemes engine writes with (spec/beyo.md §2.6-2.9): insert a row, update
// or delete rows by id, and attach or detach related rows through a relationship's foreign key
// or association table. Every identifier comes from the registry (model_schema.hpp) and every
// value is a bound parameter, so a request can only choose which registry entries a statement
// names and what it binds. Ids travel as one list parameter, so a statement's text does not
// grow with the number of rows and one prepared statement serves every call of its shape.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/db/database.hpp"
#include "store/db/sql_dialect.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::store::query {

// One column's value in an INSERT or UPDATE; `sql` is the registry's column name (or one of
// the model's implicit columns, or a relationship's foreign key).
struct ColumnAssignment {
  std::string_view sql;
  SqlValue value;
};

// A generated statement and its parameters. The name makes drivers prepare and cache it by its
// text (bounded per connection), which pays off because a request shape repeats.
class WriteStatement {
 public:
  WriteStatement(std::string_view name, std::string text, SqlParams params)
      : name_(name), text_(std::move(text)), params_(std::move(params)) {}

  Sql sql() const { return Sql{name_, text_}; }
  const std::string& text() const { return text_; }
  const SqlParams& params() const { return params_; }
  SqlParams take_params() { return std::move(params_); }

 private:
  std::string_view name_;
  std::string text_;
  SqlParams params_;
};

// INSERT INTO <table> (<given columns>) VALUES (...) RETURNING id. Only the given columns are
// named, so the table's defaults fill the rest; none given: DEFAULT VALUES.
WriteStatement insert_row(const SqlDialect& dialect, const ModelSchema& model,
                          std::span<const ColumnAssignment> values);

// UPDATE <table> SET <column> = $n, ... WHERE id is one of `ids`. `values` is not empty.
WriteStatement update_rows(const SqlDialect& dialect, const ModelSchema& model,
                           std::span<const ColumnAssignment> values,
                           const std::vector<std::int64_t>& ids);

// DELETE FROM <table> WHERE id is one of `ids` (cascades are the schema's).
WriteStatement delete_rows(const SqlDialect& dialect, const ModelSchema& model,
                           const std::vector<std::int64_t>& ids);

// many_to_one `rel` of `model`: the rows `ids` of `model` point at `target` (none: NULL).
WriteStatement set_reference(const SqlDialect& dialect, const ModelSchema& model,
                             const RelationshipSchema& rel, std::optional<std::int64_t> target,
                             const std::vector<std::int64_t>& ids);

// one_to_many `rel`: the target rows `children` now belong to `parent`.
WriteStatement adopt_children(const SqlDialect& dialect, const ModelRegistry& registry,
                              const RelationshipSchema& rel, std::int64_t parent,
                              const std::vector<std::int64_t>& children);

// one_to_many `rel`: `parent`'s children (only those in `children`, when given) belong to no
// parent any more (their foreign key becomes NULL).
WriteStatement release_children(const SqlDialect& dialect, const ModelRegistry& registry,
                                const RelationshipSchema& rel, std::int64_t parent,
                                const std::optional<std::vector<std::int64_t>>& children);

// many_to_many `rel`: association rows (self, target) for each of `targets`; a pair that is
// already there stays as it is (ON CONFLICT DO NOTHING, which both databases read the same).
WriteStatement link_association(const SqlDialect& dialect, const RelationshipSchema& rel,
                                std::int64_t self, const std::vector<std::int64_t>& targets);

// many_to_many `rel`: removes `self`'s association rows (only to `targets`, when given).
WriteStatement unlink_association(const SqlDialect& dialect, const RelationshipSchema& rel,
                                  std::int64_t self,
                                  const std::optional<std::vector<std::int64_t>>& targets);

// The ids of the rows related to `self` (a row of `model`) through `rel`, ascending; with
// `among`, only those among these ids. One column, `id`.
WriteStatement related_ids(const SqlDialect& dialect, const ModelRegistry& registry,
                           const ModelSchema& model, const RelationshipSchema& rel,
                           std::int64_t self,
                           const std::optional<std::vector<std::int64_t>>& among = std::nullopt);

}  // namespace tandem::store::query
