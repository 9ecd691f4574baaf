#pragma once
// Every fragment of SQL that PostgreSQL and SQLite spell differently, in one place. A statement
// is written once against a SqlDialect; it gets a second text only where a dialect cannot express
// it. One object per dialect: SqlDialect::of(db.dialect()).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

class SqlDialect {
 public:
  static const SqlDialect& of(Dialect dialect);

  Dialect kind() const { return kind_; }
  bool is_postgres() const { return kind_ == Dialect::postgres; }

  // `expr` as a PostgreSQL `type` (`$1::uuid`); SQLite stores such values as text and needs no
  // cast.
  std::string cast(std::string_view expr, std::string_view postgres_type) const;
  std::string uuid(std::string_view expr) const { return cast(expr, "uuid"); }
  std::string date(std::string_view expr) const { return cast(expr, "date"); }

  // A DATE column read as 'YYYY-MM-DD' text (SQLite keeps dates as that text already).
  std::string date_text(std::string_view column) const;

  // A scalar subquery joining `value` over the rows of `from_where` ("FROM ... WHERE ..."),
  // ordered by `order_by`, separated by the character `separator`; NULL when there are no rows.
  // SQLite (3.40) has no ORDER BY inside aggregates, so it aggregates an ordered subquery.
  std::string ordered_string_agg(std::string_view value, char separator,
                                 std::string_view from_where, std::string_view order_by) const;

  // `LIMIT <expr>` where a NULL expr means "no limit" (PostgreSQL's reading; SQLite needs -1).
  std::string limit_or_all(std::string_view expr) const;

  // A statement that serialises its transaction against others taking the same key until it
  // ends. SQLite's single writer already serialises write transactions: a no-op there.
  std::string advisory_xact_lock(std::int64_t key) const;

  // Case-insensitive LIKE (ILIKE on PostgreSQL; SQLite's LIKE already ignores ASCII case).
  std::string ilike(std::string_view lhs, std::string_view pattern) const;

  // NULL-safe inequality.
  std::string is_distinct_from(std::string_view lhs, std::string_view rhs) const;

  // JSON: `doc` contains `other` (jsonb @>), and `doc` is an object with the key `key` (jsonb ?).
  // On SQLite containment calls tandem_json_contains, which the SQLite driver must register
  // before the first statement uses it (nothing does yet).
  std::string json_contains(std::string_view doc, std::string_view other) const;
  std::string json_has_key(std::string_view doc, std::string_view key) const;

  // `expr` is one of the integers in the list parameter `list` (bound with id_list()): an int8[]
  // on PostgreSQL, a JSON array on SQLite.
  std::string in_id_list(std::string_view expr, std::string_view list) const;
  SqlValue id_list(const std::vector<std::int64_t>& ids) const;

  // Both dialects return rows from INSERT/UPDATE/DELETE (SQLite since 3.35).
  std::string returning(std::string_view columns) const;

 private:
  explicit SqlDialect(Dialect kind) : kind_(kind) {}
  Dialect kind_;
};

}  // namespace tandem::store
