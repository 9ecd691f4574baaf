#pragma once
// requested_data (spec/beyo.md §2.4): parsed into a tree of columns and nested relationships,
// checked against the registry and the caller's read access before anything runs, then loaded
// and rendered as JSON objects: the to-one levels by LEFT JOIN in the query of the level that
// owns them, each to-many level by one query for all its parent rows (never one per row), so a
// projection of columns and to-one relationships only is one query.

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <vector>

#include "domain/catalog/catalog_limits.hpp"
#include "domain/catalog/catalog_request.hpp"
#include "store/db/database.hpp"
#include "store/query/model_schema.hpp"
#include "store/query/select_compiler.hpp"

namespace tandem::domain::catalog {

struct Projection {
  struct Nested;
  const store::query::ModelSchema* model = nullptr;
  std::vector<const store::query::ColumnSchema*> columns;  // request order, no duplicates
  std::vector<Nested> relations;                           // one per relationship, merged
};
struct Projection::Nested {
  const store::query::RelationshipSchema* relationship = nullptr;
  Projection projection;
};

// Throws CatalogError (unknown or unreadable names, duplicates, too deep).
Projection parse_projection(const store::query::ModelRegistry& registry,
                            const store::query::ModelSchema& model,
                            const boost::json::array& requested, const Caller& caller,
                            const CatalogLimits& limits);

// The rows with these ids, projected, in the order of `ids` (ids that no longer exist are
// skipped). Runs on `runner`, so a write request projects what its own transaction wrote.
boost::asio::awaitable<std::vector<boost::json::object>> load_projection(
    store::Queryable& runner, store::Dialect dialect, const store::query::ModelRegistry& registry,
    const Projection& projection, const std::vector<std::int64_t>& ids,
    const CatalogLimits& limits);

// get_items runs its filtered SELECT with the root level's columns itself (one round trip for
// the root level and the to-one levels joined to it) and hands the rows to render_rows. What that
// SELECT must return after the id: the projected columns, then each to-one level's id and
// columns, read from `joins` (SelectSpec::columns and SelectSpec::joins).
struct RootOutput {
  std::vector<store::query::OutputColumn> columns;
  std::vector<store::query::ToOneJoin> joins;
};
RootOutput root_output(const Projection& projection);

// Rows whose column 0 is the id and whose next columns are root_output(projection).columns,
// projected in their order, the to-many levels loaded on `runner` one query per level.
boost::asio::awaitable<std::vector<boost::json::object>> render_rows(
    store::Queryable& runner, store::Dialect dialect, const store::query::ModelRegistry& registry,
    const Projection& projection, const store::ResultSet& rows, const CatalogLimits& limits);

}  // namespace tandem::domain::catalog
