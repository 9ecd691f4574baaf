#include "domain/catalog/database_failure.hpp"

#include <string_view>

namespace tandem::domain::catalog {

namespace {

using store::DatabaseError;
using store::query::ColumnSchema;
using store::query::ModelRegistry;
using store::query::ModelSchema;

struct RegistryColumn {
  const ModelSchema* model = nullptr;
  const ColumnSchema* column = nullptr;
};

// The code the driver reported, or the one its kind stands for when it could not tell.
std::string code_of(const DatabaseError& error) {
  if (!error.sqlstate().empty()) return error.sqlstate();
  switch (error.kind()) {
    case DatabaseError::Kind::unique_violation:
      return "23505";
    case DatabaseError::Kind::foreign_key_violation:
      return "23503";
    case DatabaseError::Kind::check_violation:
      return "23514";
    case DatabaseError::Kind::overloaded:
      return "53300";  // too_many_connections: the wait queue is full
    case DatabaseError::Kind::unavailable:
      return "08006";  // connection_failure
    case DatabaseError::Kind::other:
      break;
  }
  return "XX000";
}

// A driver names a column as "table.column" (SQLite) or "column" (PostgreSQL).
bool names_column(std::string_view reported, const ModelSchema& model, const ColumnSchema& c) {
  if (reported == c.sql) return true;
  return reported.size() == model.table.size() + 1 + c.sql.size() &&
         reported.starts_with(model.table) && reported[model.table.size()] == '.' &&
         reported.ends_with(c.sql);
}

// The unique column a violation is about: by the constraint's name, else by the column the
// driver reports (SQLite names columns for UNIQUE column constraints, indexes by name).
RegistryColumn unique_column(const DatabaseError& error, const ModelRegistry& registry) {
  for (const auto& model : registry.models()) {
    for (const auto& c : model.columns) {
      if (c.unique_constraint.empty()) continue;
      if (!error.constraint().empty() &&
          (error.constraint() == c.unique_constraint || names_column(error.constraint(), model, c)))
        return {&model, &c};
      if (!error.column().empty() && names_column(error.column(), model, c)) return {&model, &c};
    }
  }
  return {};
}

// The API column a driver's NOT NULL report names (the catalog checks NOT NULL itself, so this
// only runs for a column the registry does not mark as required).
RegistryColumn reported_column(const DatabaseError& error, const ModelRegistry& registry) {
  if (error.column().empty()) return {};
  for (const auto& model : registry.models())
    for (const auto& c : model.columns)
      if (names_column(error.column(), model, c)) return {&model, &c};
  return {};
}

}  // namespace

CatalogError from_database_error(const DatabaseError& error, const ModelRegistry& registry,
                                 std::span<const WrittenValue> written) {
  const std::string code = code_of(error);
  std::string message = "SQLSTATE " + code;
  const auto cls = std::string_view(code).substr(0, 2);

  if (cls == "23") {
    CatalogError e(ErrorClass::integrity, "");
    if (code == "23505") {
      e.integrity = IntegrityKind::unique;
      const auto found = unique_column(error, registry);
      if (found.column != nullptr) {
        e.field = std::string(found.column->name);
        for (auto it = written.rbegin(); it != written.rend(); ++it) {
          if (it->column == found.column) {
            e.value = it->text;
            break;
          }
        }
        message += "; constraint: " + std::string(found.column->unique_constraint);
      }
    } else if (code == "23502") {
      e.integrity = IntegrityKind::not_null;
      const auto found = reported_column(error, registry);
      e.field = found.column != nullptr ? std::string(found.column->name) : error.column();
      if (!e.field.empty()) message += "; column: " + e.field;
    }
    e.server_message = std::move(message);
    return e;
  }
  if (cls == "22") return CatalogError(ErrorClass::data, std::move(message));
  // Classes 08, 40, 53, 54, 55, 57 and 58 (connection, deadlock and serialization, resources,
  // lock not available, cancel and timeout, system) are the database failing, not the request.
  // Any other class means the engine sent a statement the database could not run: a 500 too.
  return CatalogError(ErrorClass::operational, std::move(message));
}

}  // namespace tandem::domain::catalog
