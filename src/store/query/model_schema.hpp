#pragma once
// The schemes engine's model registry, as plain data compiled into the server (spec/beyo.md
// §5.2): what a model is, its columns and its relationships. The SQL compiler reads the physical
// half (table, SQL column, type, keys); the catalog reads the policy half (who may read, filter
// or write what). Request names are looked up here by exact match, and only strings from here
// ever become SQL identifiers, so nothing a client sends can name a table or a column.
//
// The nine models themselves are defined by the inventory module (domain/inventory); this file
// only says what a definition holds, so that the store can compile SQL without knowing Beyo.

#include <cstdint>
#include <span>
#include <string_view>

namespace tandem::store::query {

// How a column is stored and compared. Timestamps are microseconds since the epoch, UTC, in a
// BIGINT on both databases (like every other table), rendered as RFC 1123 by the face.
enum class ColumnType {
  integer,    // int4 range on the wire; INTEGER/BIGINT in the table
  text,       // TEXT
  json,       // jsonb on PostgreSQL, JSON text on SQLite
  timestamp,  // BIGINT microseconds, UTC
};

// Who may do something with a column, a relationship or a model.
enum class Access { everyone, admin, nobody };

struct ColumnSchema {
  std::string_view name;  // the API name (exact, case-sensitive)
  std::string_view sql;   // the column in the table: trusted, lower-case, emitted unquoted
  ColumnType type = ColumnType::text;
  bool nullable = true;
  // Create must name it as a key (§2.6 rule 2): NOT NULL, not the key, no default.
  bool required_on_create = false;
  Access read = Access::everyone;    // in requested_data / request_info
  Access filter = Access::everyone;  // in query_filters (a non-filterable name is unknown)
  bool creatable = true;
  bool updatable = true;
  // Written values are password hashes (User.password -> users.password_hash).
  bool hash_on_write = false;
  // A NULL in the table reads as "" (User.phone of users made by other faces: beyo issue #1).
  bool null_reads_as_empty_text = false;
  // Filled with the request's "now" on create when the request does not give it.
  bool defaults_to_now = false;
  // The unique index or constraint that makes this column unique, so a 23505 can name the field
  // and the value the request wrote for it, the same on both databases. Empty: not unique.
  std::string_view unique_constraint;
};

enum class RelationKind { many_to_one, one_to_many, many_to_many };

// Every relationship must be backed by a FOREIGN KEY (and an association's two columns must be
// NOT NULL): the SQL compiler reads a target's id from the key column instead of joining the
// target (select_compiler.cpp), which is only the same rows when the key guarantees the target.
struct RelationshipSchema {
  std::string_view name;  // the API name
  RelationKind kind = RelationKind::many_to_one;
  std::string_view target;  // the target model's API name
  // many_to_one: the FK column in this model's table; one_to_many: the FK column in the target's
  // table (pointing back here). Unused for many_to_many.
  std::string_view foreign_key;
  // many_to_many: the association table, its column pointing at this model and at the target.
  std::string_view association;
  std::string_view association_self;
  std::string_view association_target;
  // An audit trail (Item.item_history): nested creates must append, unlink is refused.
  bool append_only = false;
  Access read = Access::everyone;   // projections and filter paths through it
  Access write = Access::everyone;  // link, unlink, create, create_through_rel through it
};

// A column the server fills on insert, never the request: a fresh UUID or the current time.
enum class ImplicitValue { uuid, now };
struct ImplicitColumn {
  std::string_view sql;
  ImplicitValue value;
};

struct ModelSchema {
  std::string_view name;                  // the API name, e.g. "Item"
  std::string_view table;                 // trusted, lower-case, emitted unquoted, e.g. "items"
  std::span<const ColumnSchema> columns;  // "id" (integer, the key) first
  std::span<const RelationshipSchema> relationships;
  std::span<const ImplicitColumn> implicit_on_insert;
  std::string_view touch_on_update;  // set to now on every update (users.updated_at); may be empty
  Access create = Access::everyone;
  Access update = Access::everyone;
  Access remove = Access::everyone;  // delete_items (cascades are the schema's, §1.5)

  const ColumnSchema* column(std::string_view api_name) const {
    for (const auto& c : columns)
      if (c.name == api_name) return &c;
    return nullptr;
  }
  const RelationshipSchema* relationship(std::string_view api_name) const {
    for (const auto& r : relationships)
      if (r.name == api_name) return &r;
    return nullptr;
  }
  const ColumnSchema& id() const { return columns.front(); }
};

// Every model the schemes face can reach. Names not listed here do not exist for a client.
class ModelRegistry {
 public:
  explicit ModelRegistry(std::span<const ModelSchema> models) : models_(models) {}
  const ModelSchema* find(std::string_view api_name) const {
    for (const auto& m : models_)
      if (m.name == api_name) return &m;
    return nullptr;
  }
  // The model a relationship leads to (registries are built so that it always exists).
  const ModelSchema& target_of(const RelationshipSchema& rel) const { return *find(rel.target); }
  std::span<const ModelSchema> models() const { return models_; }

 private:
  std::span<const ModelSchema> models_;
};

}  // namespace tandem::store::query
