#pragma once
// A schemes filter after the catalog has checked it (spec/beyo.md §2.3): every name resolved to
// the registry, every value converted to the column's type, every limit applied. The SQL compiler
// turns it into a WHERE clause and its joins; it never sees request JSON.

#include <memory>
#include <vector>

#include "store/db/database.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::store::query {

enum class FilterOp {
  // Comparisons (json: eq/ne compare JSON values).
  eq,
  ne,
  gt,
  ge,
  lt,
  le,
  // Text columns; the value is a raw pattern.
  like,
  ilike,
  // `values` holds the list (may be empty).
  in,
  notin,
  // values[0] <= col <= values[1].
  range,
  // The `or` / `and` operations: `children` on the same column.
  any_of,
  all_of,
  // json: col @> value; text: col LIKE '%' || value || '%'.
  contains,
  // json: col <@ value.
  contained_by,
  // json object has the key values[0].
  has_key,
  // values[0] is an SqlTextArray of keys.
  has_any,
  has_all,
};

// One condition on one column. Values are already of the column's type: std::int64_t for
// integer and timestamp columns (timestamps in microseconds), std::string for text, SqlJson for
// json (and SqlTextArray for has_any/has_all).
struct Condition {
  FilterOp op = FilterOp::eq;
  std::vector<SqlValue> values;
  std::vector<Condition> children;  // any_of / all_of only
};

// A column reached from the root model through `path` (0 to 3 relationships; each resolved on
// the model reached so far).
struct ColumnPath {
  std::vector<const RelationshipSchema*> path;
  const ColumnSchema* column = nullptr;
};

struct FilterTerm {
  ColumnPath target;
  Condition condition;
};

// WHERE (all_of[0] AND ...) AND (any_of[0] OR ...). With one `or-` key the catalog already moved
// it into `all` (§2.3: a single or- key is ANDed). Both empty: no condition.
struct FilterTree {
  std::vector<FilterTerm> all;
  std::vector<FilterTerm> any;
  bool empty() const { return all.empty() && any.empty(); }
};

}  // namespace tandem::store::query
