#include "store/query/write_compiler.hpp"

#include "store/db/sql_builder.hpp"

namespace tandem::store::query {

namespace {

WriteStatement finish(std::string_view name, SqlBuilder& b) {
  return WriteStatement(name, b.text(), b.take_params());
}

// `column` is one of `ids`: a plain equality for one id (the common case), else one list
// parameter.
void append_id_match(SqlBuilder& b, std::string_view column, const std::vector<std::int64_t>& ids) {
  if (ids.size() == 1) {
    b << column << " = " << b.param(ids.front());
    return;
  }
  b << b.dialect().in_id_list(column, b.param(b.dialect().id_list(ids)));
}

const ModelSchema& target_of(const ModelRegistry& registry, const RelationshipSchema& rel) {
  return registry.target_of(rel);
}

}  // namespace

WriteStatement insert_row(const SqlDialect& dialect, const ModelSchema& model,
                          std::span<const ColumnAssignment> values) {
  SqlBuilder b(dialect);
  b << "INSERT INTO " << model.table;
  if (values.empty()) {
    b << " DEFAULT VALUES";
  } else {
    b << " (";
    for (std::size_t i = 0; i < values.size(); ++i) b << (i > 0 ? ", " : "") << values[i].sql;
    b << ") VALUES (";
    for (std::size_t i = 0; i < values.size(); ++i) {
      b << (i > 0 ? ", " : "");
      b << b.param(values[i].value);
    }
    b << ")";
  }
  b << " " << dialect.returning("id");
  return finish("catalog_insert", b);
}

WriteStatement update_rows(const SqlDialect& dialect, const ModelSchema& model,
                           std::span<const ColumnAssignment> values,
                           const std::vector<std::int64_t>& ids) {
  SqlBuilder b(dialect);
  b << "UPDATE " << model.table << " SET ";
  for (std::size_t i = 0; i < values.size(); ++i) {
    b << (i > 0 ? ", " : "") << values[i].sql << " = ";
    b << b.param(values[i].value);
  }
  b << " WHERE ";
  append_id_match(b, "id", ids);
  return finish("catalog_update", b);
}

WriteStatement delete_rows(const SqlDialect& dialect, const ModelSchema& model,
                           const std::vector<std::int64_t>& ids) {
  SqlBuilder b(dialect);
  b << "DELETE FROM " << model.table << " WHERE ";
  append_id_match(b, "id", ids);
  return finish("catalog_delete", b);
}

WriteStatement set_reference(const SqlDialect& dialect, const ModelSchema& model,
                             const RelationshipSchema& rel, std::optional<std::int64_t> target,
                             const std::vector<std::int64_t>& ids) {
  SqlBuilder b(dialect);
  b << "UPDATE " << model.table << " SET " << rel.foreign_key << " = ";
  if (target) {
    b << b.param(*target);
  } else {
    b << "NULL";
  }
  b << " WHERE ";
  append_id_match(b, "id", ids);
  return finish("catalog_set_reference", b);
}

WriteStatement adopt_children(const SqlDialect& dialect, const ModelRegistry& registry,
                              const RelationshipSchema& rel, std::int64_t parent,
                              const std::vector<std::int64_t>& children) {
  SqlBuilder b(dialect);
  b << "UPDATE " << target_of(registry, rel).table << " SET " << rel.foreign_key << " = ";
  b << b.param(parent) << " WHERE ";
  append_id_match(b, "id", children);
  return finish("catalog_adopt_children", b);
}

WriteStatement release_children(const SqlDialect& dialect, const ModelRegistry& registry,
                                const RelationshipSchema& rel, std::int64_t parent,
                                const std::optional<std::vector<std::int64_t>>& children) {
  SqlBuilder b(dialect);
  b << "UPDATE " << target_of(registry, rel).table << " SET " << rel.foreign_key << " = NULL WHERE "
    << rel.foreign_key << " = ";
  b << b.param(parent);
  if (children) {
    b << " AND ";
    append_id_match(b, "id", *children);
  }
  return finish("catalog_release_children", b);
}

WriteStatement link_association(const SqlDialect& dialect, const RelationshipSchema& rel,
                                std::int64_t self, const std::vector<std::int64_t>& targets) {
  SqlBuilder b(dialect);
  b << "INSERT INTO " << rel.association << " (" << rel.association_self << ", "
    << rel.association_target << ") ";
  if (targets.size() == 1) {
    b << "VALUES (" << b.param(self) << ", ";
    b << b.param(targets.front()) << ")";
  } else if (dialect.is_postgres()) {
    // Typed: a parameter in a SELECT list takes no type from the INSERT's column.
    b << "SELECT " << dialect.cast(b.param(self), "int8") << ", linked FROM unnest(";
    b << b.param(dialect.id_list(targets)) << "::int8[]) AS linked";
  } else {
    // "WHERE true": without it SQLite would read ON CONFLICT as part of the join.
    b << "SELECT " << b.param(self) << ", value FROM json_each(";
    b << b.param(dialect.id_list(targets)) << ") WHERE true";
  }
  b << " ON CONFLICT DO NOTHING";
  return finish("catalog_link_association", b);
}

WriteStatement unlink_association(const SqlDialect& dialect, const RelationshipSchema& rel,
                                  std::int64_t self,
                                  const std::optional<std::vector<std::int64_t>>& targets) {
  SqlBuilder b(dialect);
  b << "DELETE FROM " << rel.association << " WHERE " << rel.association_self << " = ";
  b << b.param(self);
  if (targets) {
    b << " AND ";
    append_id_match(b, rel.association_target, *targets);
  }
  return finish("catalog_unlink_association", b);
}

WriteStatement related_ids(const SqlDialect& dialect, const ModelRegistry& registry,
                           const ModelSchema& model, const RelationshipSchema& rel,
                           std::int64_t self,
                           const std::optional<std::vector<std::int64_t>>& among) {
  SqlBuilder b(dialect);
  std::string_view column;
  switch (rel.kind) {
    case RelationKind::many_to_one:
      column = rel.foreign_key;
      b << "SELECT " << column << " AS id FROM " << model.table << " WHERE id = ";
      b << b.param(self) << " AND " << column << " IS NOT NULL";
      break;
    case RelationKind::one_to_many:
      column = "id";
      b << "SELECT id FROM " << target_of(registry, rel).table << " WHERE " << rel.foreign_key
        << " = ";
      b << b.param(self);
      break;
    case RelationKind::many_to_many:
      column = rel.association_target;
      b << "SELECT " << column << " AS id FROM " << rel.association << " WHERE "
        << rel.association_self << " = ";
      b << b.param(self);
      break;
  }
  if (among) {
    b << " AND ";
    append_id_match(b, column, *among);
  }
  b << " ORDER BY " << column;
  return finish("catalog_related_ids", b);
}

}  // namespace tandem::store::query
