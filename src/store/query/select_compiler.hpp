#pragma once
// The schemes engine's reads as SQL (spec/beyo.md §2.3-2.5): a checked FilterTree becomes one
// SELECT over the model's table with one shared INNER JOIN per relationship path, duplicates
// removed before the LIMIT, id DESC with an exclusive id cursor; a projection's to-many level
// becomes one query for all parent rows at once; and the to-one (many-to-one) rows a projection
// shows come in the query of the level that owns them, by LEFT JOIN, so a projection of columns
// and to-one relationships is one round trip. Written once against the SqlDialect, so both
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

// One output column of a generated SELECT: a column of the queried table or of one of its to-one
// joins, named by the registry.
struct OutputColumn {
  std::string_view sql;
  // A NULL reads as "" (ColumnSchema::null_reads_as_empty_text).
  bool null_reads_as_empty_text = false;
  // 0: the queried table; n: the to-one join `joins[n - 1]` (ToOneJoin).
  std::size_t table = 0;
};
inline OutputColumn output_column(const ColumnSchema& column, std::size_t table = 0) {
  return {column.sql, column.null_reads_as_empty_text, table};
}

// A many-to-one relationship of the queried table (or of an earlier join) whose target row is
// read in the same query: `LEFT JOIN <target> p<n> ON p<n>.id = <from>.<foreign key>`, n being
// its position in the list plus one. A row without one (a NULL foreign key) keeps its place and
// reads NULL in every column of the join, its id included. The `p` aliases are the projection's
// own, apart from the filter's t<n>/a<n>, and every output column is qualified, so a column
// name shared by two tables is never ambiguous.
struct ToOneJoin {
  std::size_t from = 0;  // 0: the queried table; n: joins[n - 1], which comes before this one
  const RelationshipSchema* relationship = nullptr;  // many_to_one
  const ModelSchema* target = nullptr;
};

// A generated statement and its parameters, numbered in the order they appear.
struct CompiledQuery {
  std::string text;
  SqlParams params;
  Sql sql() const { return Sql{kSchemesStatement, text}; }
};

// SELECT t0.id, <columns> FROM <model> t0 [<to-one joins>] [WHERE <filter>] [AND t0.id < cursor]
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
  std::span<const ToOneJoin> joins;       // the tables of columns[i].table > 0
  std::optional<std::int64_t> cursor;     // exclusive upper bound on id
  std::optional<std::int64_t> limit;      // none: no LIMIT
  bool for_update = false;                // lock the returned rows (dialect permitting)
};
CompiledQuery compile_select(const SqlDialect& dialect, const ModelRegistry& registry,
                             const SelectSpec& spec);

// The rows of a to-many (one_to_many or many_to_many) `relationship`'s target related to some
// parent rows, for one projection level of many parent rows in one query: `keys` are the parent
// ids; the output is the parent id, t.id, <columns>, ordered by parent id then t.id, at most
// `max_per_parent` rows per parent. The target's to-one rows come by `joins` as in SelectSpec.
struct RelatedSpec {
  const RelationshipSchema* relationship = nullptr;
  const ModelSchema* target = nullptr;
  std::span<const OutputColumn> columns;
  std::span<const std::int64_t> keys;
  std::int64_t max_per_parent = 1000;
  std::span<const ToOneJoin> joins;
};
CompiledQuery compile_related(const SqlDialect& dialect, const RelatedSpec& spec);

}  // namespace tandem::store::query
