#pragma once
// The schemes engine's reads as SQL (spec/beyo.md §2.3-2.5): a checked FilterTree becomes one
// SELECT over the model's table with one shared INNER JOIN per relationship path, duplicates
// removed before the LIMIT, id DESC with an exclusive id cursor; and a projection's nested level
// becomes one query for all parent rows at once. Written once against the SqlDialect, so both
// databases run the same statement shape. Every identifier comes from the registry; every value
// is a bound parameter.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/db/database.hpp"
#include "store/db/sql_dialect.hpp"
#include "store/query/filter_tree.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::store::query {

// Generated statements are prepared under this label: the drivers cache them by text, in an
// LRU-bounded cache, so a client's repeated list query is parsed and planned once per connection.
inline constexpr std::string_view kSchemesStatement = "schemes";

// One output column of a generated SELECT: a column of the queried table, named by the registry.
struct OutputColumn {
  std::string_view sql;
  // A NULL reads as "" (ColumnSchema::null_reads_as_empty_text).
  bool null_reads_as_empty_text = false;
};
inline OutputColumn output_column(const ColumnSchema& column) {
  return {column.sql, column.null_reads_as_empty_text};
}

// A generated statement and its parameters, numbered in the order they appear.
struct CompiledQuery {
  std::string text;
  SqlParams params;
  Sql sql() const { return Sql{kSchemesStatement, text}; }
};

// SELECT t0.id, <columns> FROM <model> t0 [WHERE <filter>] [AND t0.id < cursor]
// ORDER BY t0.id DESC [LIMIT limit] [FOR UPDATE]. Relationship paths of many-to-one hops only
// join in that query; with a to-many path the filter runs in `t0.id IN (SELECT ...)`, so each
// root row appears once and a page is never short because of to-many joins. The SQL is shaped
// for the planner (select_compiler.cpp, FilterPlan): a hop read only for its target's id is not
// joined, which relies on every registry relationship being a FOREIGN KEY (association columns
// NOT NULL), as migrations/*/0001_identity.sql and 0005_inventory.sql declare them.
struct SelectSpec {
  const ModelSchema* model = nullptr;
  const FilterTree* filter = nullptr;     // nullptr or empty: every row
  std::span<const OutputColumn> columns;  // after t0.id, which is always output column 0
  std::optional<std::int64_t> cursor;     // exclusive upper bound on id
  std::optional<std::int64_t> limit;      // none: no LIMIT
  bool for_update = false;                // lock the returned rows (dialect permitting)
};
CompiledQuery compile_select(const SqlDialect& dialect, const ModelRegistry& registry,
                             const SelectSpec& spec);

// The rows of `relationship`'s target related to some rows of `parent`, for one projection level
// of many parent rows in one query.
//   many_to_one: `keys` are the target ids (the parents' foreign key values); the output is
//     t.id, <columns>, ordered by t.id.
//   one_to_many / many_to_many: `keys` are parent ids; the output is the parent id, t.id,
//     <columns>, ordered by parent id then t.id, at most `max_per_parent` rows per parent.
struct RelatedSpec {
  const RelationshipSchema* relationship = nullptr;
  const ModelSchema* target = nullptr;
  std::span<const OutputColumn> columns;
  std::span<const std::int64_t> keys;
  std::int64_t max_per_parent = 1000;
};
CompiledQuery compile_related(const SqlDialect& dialect, const RelatedSpec& spec);

}  // namespace tandem::store::query
