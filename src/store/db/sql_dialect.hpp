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

  // PostgreSQL's LIKE and ILIKE with the same answers on both databases (the schemes engine's
  // `like` and `ilike`; SQLite calls tandem_like / tandem_ilike, sqlite_functions.hpp): the
  // whole text matches, `_` is one character, `%` any run, a backslash escapes the next
  // character, LIKE is case-sensitive. ILIKE folds case under the ICU root collation on
  // PostgreSQL (whatever the database's own locale, which may fold ASCII only), so non-ASCII
  // letters fold alike on both; this needs a PostgreSQL built with ICU (the und-x-icu
  // collation), as the common distributions' packages and images are.
  std::string like(std::string_view lhs, std::string_view pattern) const;
  std::string ilike_unicode(std::string_view lhs, std::string_view pattern) const;

  // NULL-safe inequality.
  std::string is_distinct_from(std::string_view lhs, std::string_view rhs) const;

  // jsonb's operators (PostgreSQL) and their SQLite twins with the same answers
  // (tandem_json_*, sqlite_functions.hpp). `doc` is a JSON column or expression; the other
  // operand a parameter or expression holding JSON text (SqlJson) or, for keys, text.
  //   json_contains:     doc @> other        json_contained_by:  doc <@ other
  //   json_has_key:      doc ? key           json_equals:        doc = value (as jsonb)
  //   json_has_any:      doc ?| keys         json_has_all:       doc ?& keys
  // `keys` is a parameter bound with text_list() (a text[] on PostgreSQL, a JSON array on
  // SQLite).
  std::string json_contains(std::string_view doc, std::string_view other) const;
  std::string json_contained_by(std::string_view doc, std::string_view other) const;
  std::string json_has_key(std::string_view doc, std::string_view key) const;
  std::string json_has_any(std::string_view doc, std::string_view keys) const;
  std::string json_has_all(std::string_view doc, std::string_view keys) const;
  std::string json_equals(std::string_view doc, std::string_view value) const;

  // `expr` is one of the integers in the list parameter `list` (bound with id_list()): an int8[]
  // on PostgreSQL, a JSON array on SQLite.
  std::string in_id_list(std::string_view expr, std::string_view list) const;
  SqlValue id_list(const std::vector<std::int64_t>& ids) const;

  // `expr` is one of the strings in the list parameter `list` (bound with text_list()).
  std::string in_text_list(std::string_view expr, std::string_view list) const;
  SqlValue text_list(std::vector<std::string> values) const;

  // Locks the rows of `alias` that a SELECT returns until the transaction ends ("FOR UPDATE OF
  // t0", placed after ORDER BY / LIMIT). Empty on SQLite, whose single writer already holds
  // every row of a write transaction.
  std::string for_update(std::string_view alias) const;

  // Both dialects return rows from INSERT/UPDATE/DELETE (SQLite since 3.35).
  std::string returning(std::string_view columns) const;

 private:
  explicit SqlDialect(Dialect kind) : kind_(kind) {}
  Dialect kind_;
};

}  // namespace tandem::store
