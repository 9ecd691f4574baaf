#pragma once
// Building SQL: a builder that owns the text and numbers its parameters itself, a Statement that
// owns a finished text for the driver, per-dialect statement tables built once per process, and
// the one helper that turns an optional into a nullable parameter.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "store/db/database.hpp"
#include "store/db/sql_dialect.hpp"

namespace tandem::store {

// A finished statement: owns its name and its text (one text, already in its dialect). `name`
// makes it a prepared statement on PostgreSQL; empty = run unprepared (generated SQL).
// Neither copyable nor movable, so the Sql view it hands out stays valid for its lifetime.
class Statement {
 public:
  Statement(std::string name, std::string text)
      : name_(std::move(name)), text_(std::move(text)), sql_{name_, text_} {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  const Sql& sql() const { return sql_; }
  operator const Sql&() const { return sql_; }  // NOLINT: a Statement is passed where Sql is
  const std::string& text() const { return text_; }

 private:
  std::string name_;
  std::string text_;
  Sql sql_;
};

// Appends SQL text and numbers parameters in the order they are added:
//   SqlBuilder b(dialect);
//   b << "SELECT id FROM users WHERE " << b.dialect().uuid(b.param(uuid));
//   auto rs = co_await db.query(b.sql(), b.take_params());
// param() stores a value (generated statements); slot() only takes the next number (statements
// built once, whose values are bound per call in that order). A builder uses one or the other.
class SqlBuilder {
 public:
  explicit SqlBuilder(const SqlDialect& dialect) : dialect_(dialect) {}

  const SqlDialect& dialect() const { return dialect_; }

  SqlBuilder& operator<<(std::string_view text) {
    text_ += text;
    return *this;
  }

  // Built in place in the parameter list (a by-value SqlValue trips g++ 12's
  // maybe-uninitialized warning when moved into the vector).
  template <typename Value>
  std::string param(Value&& value) {
    params_.emplace_back(std::forward<Value>(value));
    return slot();
  }
  std::string slot() { return "$" + std::to_string(++numbered_); }

  const std::string& text() const { return text_; }
  const SqlParams& params() const { return params_; }
  SqlParams take_params() { return std::move(params_); }
  // An unnamed view of the text; valid while the builder lives and is not appended to.
  Sql sql() const { return Sql{{}, text_}; }
  Statement statement(std::string name) const { return Statement(std::move(name), text_); }

 private:
  const SqlDialect& dialect_;
  std::string text_;
  SqlParams params_;
  std::size_t numbered_ = 0;
};

// One table of statements per dialect, built on first use and kept for the process:
//   const auto& sql = per_dialect<UserStatements>(db_.dialect());
// `Table` is constructed from a `const SqlDialect&`.
template <typename Table>
const Table& per_dialect(Dialect dialect) {
  if (dialect == Dialect::postgres) {
    static const Table postgres(SqlDialect::of(Dialect::postgres));
    return postgres;
  }
  static const Table sqlite(SqlDialect::of(Dialect::sqlite));
  return sqlite;
}

// A parameter that is NULL when the optional is empty.
template <typename T>
SqlValue nullable(const std::optional<T>& value) {
  if (value) return *value;
  return nullptr;
}

// A patch field "absent / set to null / set to a value": NULL unless set to a value.
template <typename T>
SqlValue nullable(const std::optional<std::optional<T>>& value) {
  if (value && *value) return **value;
  return nullptr;
}

// Patches: a field that may be absent from a patch is two parameters, "is it given" and its value.
// set_if_given("name", 2) is "name = CASE WHEN $2 THEN $3 ELSE name END"; `value` replaces the
// value's placeholder where it needs a cast (set_if_given("d", 6, dialect.date("$7"))).
std::string set_if_given(std::string_view column, int given, std::string_view value = {});
// Consecutive patch fields from $first_given on, comma-separated.
std::string set_if_given(std::initializer_list<std::string_view> columns, int first_given);

// Appends each patch field's two parameters, in order.
template <typename... Fields>
void bind_patch(SqlParams& params, const Fields&... fields) {
  ((params.emplace_back(fields.has_value()), params.push_back(nullable(fields))), ...);
}

}  // namespace tandem::store
