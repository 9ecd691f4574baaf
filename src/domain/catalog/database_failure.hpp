#pragma once
// A failed statement as the schemes face reports it (spec/beyo.md §2.12): the SQLSTATE class
// picks integrity (23), data (22) or operational (08, 40, 53, 54, 55, 57, 58, and a database
// that cannot be reached); server_message is "SQLSTATE <code>[; constraint: <name>][; column:
// <name>]" and never the driver's text, which may hold SQL and bound values. A unique violation
// names its field and value from the registry and from what this request wrote, not from the
// driver's detail, so PostgreSQL and SQLite give the same answer.

#include <span>
#include <string>

#include "domain/catalog/catalog_error.hpp"
#include "store/db/database.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::domain::catalog {

// A value this request wrote to a column, in the text a message shows ("bob@example.com", "42").
struct WrittenValue {
  const store::query::ModelSchema* model = nullptr;
  const store::query::ColumnSchema* column = nullptr;
  std::string text;
};

// `written`: the request's writes to unique columns, oldest first; the latest write to the
// column a unique violation names is the one that collided.
CatalogError from_database_error(const store::DatabaseError& error,
                                 const store::query::ModelRegistry& registry,
                                 std::span<const WrittenValue> written = {});

}  // namespace tandem::domain::catalog
