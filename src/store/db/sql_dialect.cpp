#include "store/db/sql_dialect.hpp"

namespace tandem::store {

const SqlDialect& SqlDialect::of(Dialect dialect) {
  static const SqlDialect postgres(Dialect::postgres);
  static const SqlDialect sqlite(Dialect::sqlite);
  return dialect == Dialect::postgres ? postgres : sqlite;
}

namespace {
std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}
}  // namespace

std::string SqlDialect::cast(std::string_view expr, std::string_view postgres_type) const {
  if (!is_postgres()) return std::string(expr);
  return join({expr, "::", postgres_type});
}

std::string SqlDialect::date_text(std::string_view column) const {
  if (!is_postgres()) return std::string(column);
  return join({"to_char(", column, ", 'YYYY-MM-DD')"});
}

std::string SqlDialect::ordered_string_agg(std::string_view value, char separator,
                                           std::string_view from_where,
                                           std::string_view order_by) const {
  const auto code = std::to_string(static_cast<unsigned char>(separator));
  if (is_postgres())
    return join({"(SELECT string_agg(", value, ", chr(", code, ") ORDER BY ", order_by, ") ",
                 from_where, ")"});
  return join({"(SELECT group_concat(agg_value, char(", code, ")) FROM (SELECT ", value,
               " AS agg_value ", from_where, " ORDER BY ", order_by, "))"});
}

std::string SqlDialect::limit_or_all(std::string_view expr) const {
  if (is_postgres()) return join({"LIMIT ", expr});
  return join({"LIMIT coalesce(", expr, ", -1)"});
}

std::string SqlDialect::advisory_xact_lock(std::int64_t key) const {
  if (is_postgres()) return "SELECT pg_advisory_xact_lock(" + std::to_string(key) + ")";
  return "SELECT 1";
}

std::string SqlDialect::ilike(std::string_view lhs, std::string_view pattern) const {
  return join({lhs, is_postgres() ? " ILIKE " : " LIKE ", pattern});
}

std::string SqlDialect::like(std::string_view lhs, std::string_view pattern) const {
  if (is_postgres()) return join({lhs, " LIKE ", pattern});
  return join({"tandem_like(", lhs, ", ", pattern, ")"});
}

std::string SqlDialect::ilike_unicode(std::string_view lhs, std::string_view pattern) const {
  if (is_postgres()) return join({"(", lhs, ")::text COLLATE \"und-x-icu\" ILIKE ", pattern});
  return join({"tandem_ilike(", lhs, ", ", pattern, ")"});
}

std::string SqlDialect::is_distinct_from(std::string_view lhs, std::string_view rhs) const {
  return join({lhs, is_postgres() ? " IS DISTINCT FROM " : " IS NOT ", rhs});
}

std::string SqlDialect::json_contains(std::string_view doc, std::string_view other) const {
  if (is_postgres()) return join({"(", doc, ")::jsonb @> (", other, ")::jsonb"});
  return join({"tandem_json_contains(", doc, ", ", other, ")"});
}

std::string SqlDialect::json_contained_by(std::string_view doc, std::string_view other) const {
  if (is_postgres()) return join({"(", doc, ")::jsonb <@ (", other, ")::jsonb"});
  return join({"tandem_json_contains(", other, ", ", doc, ")"});
}

std::string SqlDialect::json_has_key(std::string_view doc, std::string_view key) const {
  if (is_postgres()) return join({"(", doc, ")::jsonb ? (", key, ")"});
  return join({"tandem_json_has_key(", doc, ", ", key, ")"});
}

std::string SqlDialect::json_has_any(std::string_view doc, std::string_view keys) const {
  if (is_postgres()) return join({"(", doc, ")::jsonb ?| (", keys, ")::text[]"});
  return join({"tandem_json_has_any(", doc, ", ", keys, ")"});
}

std::string SqlDialect::json_has_all(std::string_view doc, std::string_view keys) const {
  if (is_postgres()) return join({"(", doc, ")::jsonb ?& (", keys, ")::text[]"});
  return join({"tandem_json_has_all(", doc, ", ", keys, ")"});
}

std::string SqlDialect::json_equals(std::string_view doc, std::string_view value) const {
  if (is_postgres()) return join({"(", doc, ")::jsonb = (", value, ")::jsonb"});
  return join({"tandem_json_equal(", doc, ", ", value, ")"});
}

std::string SqlDialect::in_id_list(std::string_view expr, std::string_view list) const {
  if (is_postgres()) return join({expr, " = ANY(", list, "::int8[])"});
  return join({expr, " IN (SELECT value FROM json_each(", list, "))"});
}

SqlValue SqlDialect::id_list(const std::vector<std::int64_t>& ids) const {
  std::string out = is_postgres() ? "{" : "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  out += is_postgres() ? "}" : "]";
  return out;
}

std::string SqlDialect::in_text_list(std::string_view expr, std::string_view list) const {
  if (is_postgres()) return join({expr, " = ANY(", list, "::text[])"});
  return join({expr, " IN (SELECT value FROM json_each(", list, "))"});
}

SqlValue SqlDialect::text_list(std::vector<std::string> values) const {
  // Both drivers bind a text array natively: a text[] on PostgreSQL, JSON on SQLite.
  return SqlTextArray(std::move(values));
}

std::string SqlDialect::for_update(std::string_view alias) const {
  if (is_postgres()) return join({"FOR UPDATE OF ", alias});
  return {};
}

std::string SqlDialect::returning(std::string_view columns) const {
  return join({"RETURNING ", columns});
}

}  // namespace tandem::store
