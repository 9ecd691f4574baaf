#pragma once
// The one asynchronous database interface every repository uses. Drivers: SQLite (embedded
// default) and PostgreSQL. Calls are coroutines on the caller's event loop; a driver never blocks
// a loop for longer than a short indexed read.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/db/data_version.hpp"

namespace tandem::store {

namespace asio = boost::asio;

enum class Dialect { sqlite, postgres };

// A JSON document: binds as jsonb on PostgreSQL and as its text on SQLite. A type of its own, so
// that a document and a plain string never meet the same overload.
struct SqlJson {
  std::string text;
  bool operator==(const SqlJson&) const = default;
};

// Arrays: text[] / int8[] on PostgreSQL (`= ANY($1)`), a JSON array text on SQLite, which
// json_each reads (`IN (SELECT value FROM json_each(?1))`).
using SqlTextArray = std::vector<std::string>;
using SqlIntArray = std::vector<std::int64_t>;

// A bound parameter. Booleans bind as booleans on PostgreSQL and as 0/1 on SQLite.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, bool, std::string, SqlJson,
                              SqlTextArray, SqlIntArray>;
using SqlParams = std::vector<SqlValue>;

// One statement, written with PostgreSQL placeholders ($1, $2, ...). The SQLite driver rewrites
// them to ?1, ?2. Where the dialects need different text, `sqlite` overrides `postgres`.
// Drivers cache prepared statements by their text, so `name` is only a label and need not be
// unique; an empty name marks a one-off that PostgreSQL runs unprepared.
struct Sql {
  std::string_view name;
  std::string_view postgres;
  std::string_view sqlite = {};

  std::string_view text(Dialect d) const {
    return d == Dialect::sqlite && !sqlite.empty() ? sqlite : postgres;
  }
};

// Rows in text form (both drivers produce text). Booleans read as true for "t", "true", "1".
class ResultSet {
 public:
  ResultSet() = default;
  explicit ResultSet(std::vector<std::string> columns) : columns_(std::move(columns)) {}

  std::size_t size() const { return columns_.empty() ? 0 : cells_.size() / columns_.size(); }
  bool empty() const { return size() == 0; }
  std::size_t column_count() const { return columns_.size(); }
  const std::vector<std::string>& columns() const { return columns_; }

  bool is_null(std::size_t row, std::size_t col) const { return !cell(row, col).has_value(); }
  const std::optional<std::string>& cell(std::size_t row, std::size_t col) const {
    return cells_.at(row * columns_.size() + col);
  }
  std::string text(std::size_t row, std::size_t col) const;  // "" when NULL
  std::optional<std::string> optional_text(std::size_t row, std::size_t col) const {
    return cell(row, col);
  }
  std::int64_t integer(std::size_t row, std::size_t col) const;  // 0 when NULL
  std::optional<std::int64_t> optional_integer(std::size_t row, std::size_t col) const;
  double real(std::size_t row, std::size_t col) const;
  bool boolean(std::size_t row, std::size_t col) const;

  // Rows changed by INSERT/UPDATE/DELETE.
  std::int64_t affected_rows = 0;

  // For drivers.
  void add_cell(std::optional<std::string> value) { cells_.push_back(std::move(value)); }
  void reserve_cells(std::size_t n) { cells_.reserve(n); }

 private:
  std::vector<std::string> columns_;
  std::vector<std::optional<std::string>> cells_;
};

// Errors a caller can act on. Drivers translate their native codes into these kinds; the
// message is for logs only and never reaches a client.
class DatabaseError : public std::runtime_error {
 public:
  enum class Kind {
    unique_violation,       // a UNIQUE or PRIMARY KEY constraint
    foreign_key_violation,  // a referenced row is missing, or a RESTRICT reference exists
    check_violation,        // CHECK or NOT NULL
    overloaded,             // the connection wait queue is full: answer 503 + Retry-After
    unavailable,            // cannot reach the database
    other
  };
  DatabaseError(Kind kind, std::string message, std::string constraint = {},
                std::string sqlstate = {}, std::string column = {})
      : std::runtime_error(std::move(message)),
        kind_(kind),
        constraint_(std::move(constraint)),
        sqlstate_(std::move(sqlstate)),
        column_(std::move(column)) {}
  Kind kind() const { return kind_; }
  const std::string& constraint() const { return constraint_; }
  // PostgreSQL's five-character SQLSTATE (SQLite's result codes are mapped onto the same codes:
  // 23505 unique, 23502 not-null, 23503 foreign key, 23514 check, class 22 data errors); empty
  // when the driver cannot tell. The schemes face shows it (spec/beyo.md §2.12).
  const std::string& sqlstate() const { return sqlstate_; }
  // The column a NOT NULL failure names, when the driver reports one.
  const std::string& column() const { return column_; }

 private:
  Kind kind_;
  std::string constraint_;
  std::string sqlstate_;
  std::string column_;
};

// Whatever runs a statement: a Database (its own implicit transaction) or a Transaction. Code
// that reads the same way inside and outside a transaction (the schemes engine's projections)
// takes one of these.
class Queryable {
 public:
  virtual ~Queryable() = default;
  virtual asio::awaitable<ResultSet> query(const Sql& sql, SqlParams params) = 0;
};

// A transaction on one connection. Dropping it without commit() rolls back.
class Transaction : public Queryable {
 public:
  asio::awaitable<ResultSet> query(const Sql& sql, SqlParams params) override = 0;
  virtual asio::awaitable<void> commit() = 0;
};

class Database : public Queryable {
 public:
  virtual Dialect dialect() const = 0;

  // One statement in its own implicit transaction.
  asio::awaitable<ResultSet> query(const Sql& sql, SqlParams params) override = 0;

  // Several statements that commit or roll back together.
  virtual asio::awaitable<std::unique_ptr<Transaction>> begin() = 0;

  // Runs a multi-statement script (migrations) inside `tx`'s transaction. No parameters.
  virtual asio::awaitable<void> execute_script(Transaction& tx, std::string_view script) = 0;

  // Changes whenever committed data in `scope` may have changed (see data_version.hpp); read it
  // before the query whose result is cached. DataVersion::kUnknown: do not serve cached data.
  virtual std::uint64_t data_version(DataScope scope) const = 0;

  // Calls `heard` (on a driver thread; it must return quickly) whenever another process's commit
  // in `scope` is heard of, so that work waiting for other instances' writes (the event relay,
  // the revocation sync) need not poll for them; also after the driver may have missed some
  // (its listener reconnected). A single-process driver (SQLite) never calls. Watchers stay
  // until clear_commit_watchers(), which their owners call before they go.
  virtual void watch_foreign_commits(DataScope scope, std::function<void()> heard) {
    (void)scope;
    (void)heard;
  }
  virtual void clear_commit_watchers() {}

  // Blocks until work handed to the driver's own threads has finished (SQLite's writer), so the
  // event loops can be torn down without a late completion arriving. Only at shutdown.
  virtual void wait_idle() {}

  // Serialises schema changes across processes: PostgreSQL takes a transaction-scoped advisory
  // lock; SQLite's write transaction is already exclusive.
  virtual asio::awaitable<void> lock_for_migrations(Transaction& tx) = 0;
};

}  // namespace tandem::store
