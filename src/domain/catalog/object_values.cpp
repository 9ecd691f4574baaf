#include "domain/catalog/object_values.hpp"

#include <boost/json/serialize.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "domain/catalog/jsonb_refusal.hpp"
#include "domain/catalog/relationship_actions.hpp"
#include "domain/catalog/timestamp_text.hpp"
#include "domain/catalog/write_permissions.hpp"

namespace tandem::domain::catalog {

namespace {

namespace json = boost::json;
using store::query::ColumnSchema;
using store::query::ColumnType;
using store::query::ModelSchema;
using store::query::RelationKind;

CatalogError invalid_value(const ModelSchema& model, const ColumnSchema& column,
                           const json::value& value) {
  return exception_error("Value " + json::serialize(value) + " is invalid for column " +
                         std::string(column.name) + " in model " + std::string(model.name));
}

CatalogError data_error(std::string_view sqlstate, const ColumnSchema& column) {
  return CatalogError(ErrorClass::data, "SQLSTATE " + std::string(sqlstate) +
                                            "; column: " + std::string(column.name));
}

// PostgreSQL stores no NUL character in text (SQLSTATE 22021) nor a \u0000 in jsonb (22P05);
// SQLite would. Refused here, so that both databases answer the same.
bool has_nul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

std::int64_t int4_value(const ModelSchema& model, const ColumnSchema& column,
                        const json::value& value) {
  if (value.is_uint64()) throw data_error("22003", column);  // above int64, so above int4 too
  if (!value.is_int64()) throw invalid_value(model, column, value);  // bool, fraction, text...
  const auto n = value.get_int64();
  if (n < std::numeric_limits<std::int32_t>::min() || n > std::numeric_limits<std::int32_t>::max())
    throw data_error("22003", column);
  return n;
}

// Python's repr of a list of strings, as the original's message shows it: ['a', 'b'].
std::string python_list(const std::vector<std::string_view>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += "'";
    out += names[i];
    out += "'";
  }
  return out + "]";
}

bool writable(const ColumnSchema& column, WriteMode mode) {
  return mode == WriteMode::create ? column.creatable : column.updatable;
}

}  // namespace

void count_object(PlanContext& ctx) {
  if (++ctx.objects > ctx.limits.max_objects_per_write)
    throw exception_error("The request exceeds maximum size of " +
                          std::to_string(ctx.limits.max_objects_per_write) + " objects");
}

CatalogError not_null_error(const ColumnSchema& column) {
  CatalogError e(ErrorClass::integrity, "SQLSTATE 23502; column: " + std::string(column.name));
  e.integrity = IntegrityKind::not_null;
  e.field = std::string(column.name);
  return e;
}

ColumnWrite convert_column_value(const ModelSchema& model, const ColumnSchema& column,
                                 const json::value& value) {
  ColumnWrite write;
  write.column = &column;
  if (value.is_null()) {
    write.value = nullptr;
    return write;
  }
  switch (column.type) {
    case ColumnType::text: {
      const auto* s = value.if_string();
      if (s == nullptr) throw invalid_value(model, column, value);
      if (has_nul(*s)) throw data_error("22021", column);
      write.value = std::string(*s);
      write.needs_hash = column.hash_on_write;
      if (!column.unique_constraint.empty()) write.shown = std::string(*s);
      break;
    }
    case ColumnType::integer:
      write.value = int4_value(model, column, value);
      if (!column.unique_constraint.empty()) write.shown = json::serialize(value);
      break;
    case ColumnType::timestamp: {
      const auto* s = value.if_string();
      const auto micros = s != nullptr ? parse_timestamp_text(*s) : std::nullopt;
      if (!micros)
        throw exception_error("Invalid datetime string " + json::serialize(value) + " for column " +
                              std::string(column.name) + " in model " + std::string(model.name));
      write.value = *micros;
      break;
    }
    case ColumnType::json:
      if (auto refusal = jsonb_refusal(value); !refusal.empty()) throw data_error(refusal, column);
      write.value = store::SqlJson{json::serialize(value)};
      break;
  }
  return write;
}

ObjectPlan plan_object(PlanContext& ctx, const ModelSchema& model,
                       const json::object& object_values, WriteMode mode, std::size_t depth,
                       bool nested_update) {
  if (mode == WriteMode::create) {
    require_create(model, ctx.caller);
    count_object(ctx);
  }
  ObjectPlan plan;
  plan.model = &model;
  const ColumnSchema* null_in_not_null = nullptr;
  bool changes_own_row = false;
  for (const auto& entry : object_values) {
    const std::string_view key = entry.key();
    if (const auto* column = model.column(key)) {
      if (!writable(*column, mode))
        throw exception_error("Column " + std::string(key) + " in model " +
                              std::string(model.name) + " is not writable");
      auto write = convert_column_value(model, *column, entry.value());
      if (entry.value().is_null() && !column->nullable && null_in_not_null == nullptr)
        null_in_not_null = column;
      plan.columns.push_back(std::move(write));
      changes_own_row = true;
      continue;
    }
    if (const auto* rel = model.relationship(key)) {
      plan.actions.push_back(plan_action(ctx, model, *rel, entry.value(), mode, depth + 1));
      // A to-one relationship is this row's own foreign key.
      changes_own_row =
          changes_own_row || (rel->kind == RelationKind::many_to_one &&
                              plan.actions.back().kind != ActionKind::create_through_rel);
      continue;
    }
    throw exception_error("No column found with name: " + std::string(key) + " in model " +
                          std::string(model.name));
  }
  if (nested_update && changes_own_row) require_update(model, ctx.caller);
  if (mode == WriteMode::create) {
    std::vector<std::string_view> missing;
    for (const auto& column : model.columns)
      if (column.required_on_create && !object_values.contains(column.name))
        missing.push_back(column.name);
    if (!missing.empty())
      throw exception_error("Missing required values " + python_list(missing) + " in model " +
                            std::string(model.name));
  }
  // The database would refuse it only when the statement runs; the class is the same.
  if (null_in_not_null != nullptr) throw not_null_error(*null_in_not_null);
  return plan;
}

std::vector<ObjectPlan> plan_creates(PlanContext& ctx, const ModelSchema& model,
                                     const json::value& object_values, std::size_t depth) {
  std::vector<ObjectPlan> plans;
  auto plan_one = [&](const json::value& v) {
    const auto* object = v.if_object();
    if (object == nullptr || object->empty())
      throw exception_error("object_values of model " + std::string(model.name) +
                            " must be non-empty objects");
    plans.push_back(plan_object(ctx, model, *object, WriteMode::create, depth));
  };
  if (const auto* array = object_values.if_array()) {
    plans.reserve(array->size());
    for (const auto& v : *array) plan_one(v);
  } else {
    plan_one(object_values);
  }
  return plans;
}

}  // namespace tandem::domain::catalog
