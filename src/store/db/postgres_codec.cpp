#include "store/db/postgres_codec.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

namespace tandem::store::pg {

ResultSet to_result_set(PGresult* r) {
  const int rows = PQntuples(r);
  const int cols = PQnfields(r);
  ResultSet set;
  if (cols > 0) {
    std::vector<std::string> names;
    names.reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) names.emplace_back(PQfname(r, c));
    set = ResultSet(std::move(names));
    set.reserve_cells(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
    for (int row = 0; row < rows; ++row) {
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(r, row, c)) {
          set.add_cell(std::nullopt);
        } else {
          set.add_cell(
              std::string(PQgetvalue(r, row, c), static_cast<std::size_t>(PQgetlength(r, row, c))));
        }
      }
    }
  }
  const char* affected = PQcmdTuples(r);
  std::from_chars(affected, affected + std::strlen(affected), set.affected_rows);
  return set;
}

namespace {

// From PostgreSQL's pg_type.dat; fixed since their introduction.
constexpr Oid kJsonbOid = 3802;
constexpr Oid kTextArrayOid = 1009;
constexpr Oid kInt8ArrayOid = 1016;

// Text format ends a value at its first NUL: refuse rather than store a truncated value.
void refuse_nul(std::string_view s) {
  if (s.find('\0') != std::string_view::npos) {
    throw DatabaseError(DatabaseError::Kind::other, "a text parameter contains a NUL byte");
  }
}

// An array literal: {"a","b \"c\""}. Every element is quoted, so none reads as NULL.
std::string text_array_literal(const SqlTextArray& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    refuse_nul(items[i]);
    if (i > 0) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

std::string int_array_literal(const SqlIntArray& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(items[i]);
  }
  out += '}';
  return out;
}

}  // namespace

EncodedParams::EncodedParams(const SqlParams& params) {
  storage_.reserve(params.size());
  values_.reserve(params.size());
  types_.reserve(params.size());
  for (const auto& p : params) {
    Oid type = 0;
    values_.push_back(encode(p, type));
    types_.push_back(type);
    typed_ = typed_ || type != 0;
  }
}

const char* EncodedParams::encode(const SqlValue& value, Oid& type) {
  if (std::holds_alternative<std::nullptr_t>(value)) return nullptr;
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const auto* s = std::get_if<std::string>(&value)) {
    refuse_nul(*s);
    return s->c_str();
  }
  if (const auto* json = std::get_if<SqlJson>(&value)) {
    refuse_nul(json->text);
    type = kJsonbOid;
    return json->text.c_str();
  }
  if (const auto* texts = std::get_if<SqlTextArray>(&value)) {
    type = kTextArrayOid;
    return storage_.emplace_back(text_array_literal(*texts)).c_str();
  }
  if (const auto* ints = std::get_if<SqlIntArray>(&value)) {
    type = kInt8ArrayOid;
    return storage_.emplace_back(int_array_literal(*ints)).c_str();
  }
  char buf[32];
  char* end = buf;
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    end = std::to_chars(buf, buf + sizeof buf, *i).ptr;
  } else {
    const double d = std::get<double>(value);
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    end = std::to_chars(buf, buf + sizeof buf, d).ptr;
  }
  return storage_.emplace_back(buf, end).c_str();
}

}  // namespace tandem::store::pg
