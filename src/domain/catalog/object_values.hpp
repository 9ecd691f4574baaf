#pragma once
// object_values (spec/beyo.md §2.6, §2.10): each key is a column of the model, whose value is
// checked and converted to the column's type here, or a relationship, whose action
// relationship_actions.hpp plans. Also here: which columns a request may write at all, the
// required columns of a create, NOT NULL, and the request-wide object count. No database: the
// answers are the same on SQLite and PostgreSQL because the database is never asked.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <vector>

#include "domain/catalog/catalog_error.hpp"
#include "domain/catalog/catalog_limits.hpp"
#include "domain/catalog/catalog_request.hpp"
#include "domain/catalog/write_plan.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::domain::catalog {

enum class WriteMode { create, update };

// What the planning of one request shares.
struct PlanContext {
  const store::query::ModelRegistry& registry;
  const Caller& caller;
  const CatalogLimits& limits;
  std::size_t objects = 0;  // objects planned so far, against max_objects_per_write
};

// Counts one more object the request creates (a created object of object_values, of a nested
// create, or an action_if_none entry); over the limit: "exceeds maximum size". Objects that
// change existing rows (an update, also_do, create_through_rel) create nothing and do not count.
void count_object(PlanContext& ctx);

// One written value converted to its column's type (§2.10). null converts to NULL whatever the
// column; NOT NULL is the caller's check. Throws CatalogError: exception for a value of the
// wrong type ("Value <json> is invalid for column ..."; "Invalid datetime string"), data for an
// integer outside int4 (SQLSTATE 22003) or text PostgreSQL cannot store (SQLSTATE 22021,
// 22P05).
ColumnWrite convert_column_value(const store::query::ModelSchema& model,
                                 const store::query::ColumnSchema& column,
                                 const boost::json::value& value);

// The integrity error of a NULL written to a NOT NULL column ("'<col>' cannot be empty.").
CatalogError not_null_error(const store::query::ColumnSchema& column);

// Plans one object of object_values for `model`. `depth`: the relationship actions around it
// (0 at the top). `nested_update`: an update object inside an action (also_do,
// create_through_rel), which needs the model's update access when it changes the rows
// themselves; a top-level update's access is its caller's check. Creates check the model's
// create access, writability, the required columns and NOT NULL.
ObjectPlan plan_object(PlanContext& ctx, const store::query::ModelSchema& model,
                       const boost::json::object& object_values, WriteMode mode, std::size_t depth,
                       bool nested_update = false);

// A create's object_values: one object, or an array of them, in order. Each element must be a
// non-empty object.
std::vector<ObjectPlan> plan_creates(PlanContext& ctx, const store::query::ModelSchema& model,
                                     const boost::json::value& object_values, std::size_t depth);

}  // namespace tandem::domain::catalog
