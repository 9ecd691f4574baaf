#pragma once
// Building small registries for the SQL compiler's tests: the compilers know nothing of Beyo's
// models, so each test declares the few tables it needs with these, as constexpr data.

#include <span>
#include <string_view>

#include "store/db/sql_dialect.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::store::query::test {

inline const SqlDialect& pg() { return SqlDialect::of(Dialect::postgres); }
inline const SqlDialect& lite() { return SqlDialect::of(Dialect::sqlite); }

// A column whose API name is its SQL name.
constexpr ColumnSchema col(std::string_view name, ColumnType type = ColumnType::text) {
  ColumnSchema c;
  c.name = name;
  c.sql = name;
  c.type = type;
  return c;
}

// A many-to-one (`fk` in this table) or one-to-many (`fk` in the target's) relationship.
constexpr RelationshipSchema rel(std::string_view name, RelationKind kind, std::string_view target,
                                 std::string_view fk) {
  RelationshipSchema r;
  r.name = name;
  r.kind = kind;
  r.target = target;
  r.foreign_key = fk;
  return r;
}

// A many-to-many relationship through `table` (`self` points here, `other` at the target).
constexpr RelationshipSchema m2m(std::string_view name, std::string_view target,
                                 std::string_view table, std::string_view self,
                                 std::string_view other) {
  RelationshipSchema r = rel(name, RelationKind::many_to_many, target, {});
  r.association = table;
  r.association_self = self;
  r.association_target = other;
  return r;
}

constexpr ModelSchema model(std::string_view name, std::string_view table,
                            std::span<const ColumnSchema> columns,
                            std::span<const RelationshipSchema> relationships = {}) {
  ModelSchema m;
  m.name = name;
  m.table = table;
  m.columns = columns;
  m.relationships = relationships;
  return m;
}

}  // namespace tandem::store::query::test
