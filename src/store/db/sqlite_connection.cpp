#include "store/db/sqlite_connection.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>

#include "store/db/like_match.hpp"
#include "store/db/sqlite_functions.hpp"

namespace tandem::store::sqlite {

namespace {

// How stale a cached answer may be after another process (a CLI command, sqlite3) commits. This
// process's own commits invalidate at once; a millisecond is "at once" for anyone else too.
constexpr std::chrono::milliseconds kOtherCommitsLookInterval{1};

int bind_text(sqlite3_stmt* stmt, int index, std::string_view text) {
  return sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()),
                           SQLITE_TRANSIENT);
}

// Arrays bind as JSON array text, which json_each() reads.
template <typename Items>
std::string json_array_text(const Items& items) {
  boost::json::array array;
  array.reserve(items.size());
  for (const auto& item : items) array.emplace_back(item);
  return boost::json::serialize(array);
}

}  // namespace

std::string to_sqlite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      c = '?';
    }
    out.push_back(c);
  }
  return out;
}

namespace {

bool is_identifier(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// What follows "... constraint failed: " in SQLite's message.
std::string_view failure_detail(std::string_view message) {
  const auto colon = message.find(": ");
  return colon == std::string_view::npos ? std::string_view{} : message.substr(colon + 2);
}

// The name PostgreSQL gives the constraint SQLite reports, so that both drivers name it alike:
// "index 'users_email_ci'" -> users_email_ci; "users.username" -> users_username_key (an
// inline UNIQUE); a primary key -> users_pkey; several columns -> t_a_b_key.
std::string unique_constraint_name(std::string_view detail, bool primary_key) {
  constexpr std::string_view kIndex = "index '";
  if (detail.starts_with(kIndex) && detail.ends_with('\'')) {
    return std::string(detail.substr(kIndex.size(), detail.size() - kIndex.size() - 1));
  }
  std::string table;
  std::string columns;
  while (!detail.empty()) {
    const auto comma = detail.find(", ");
    const std::string_view item = detail.substr(0, comma);
    const auto dot = item.find('.');
    if (dot == std::string_view::npos) return std::string(detail);
    table = std::string(item.substr(0, dot));
    columns += "_" + std::string(item.substr(dot + 1));
    detail = comma == std::string_view::npos ? std::string_view{} : detail.substr(comma + 2);
  }
  if (table.empty()) return {};
  return primary_key ? table + "_pkey" : table + columns + "_key";
}

// "NOT NULL constraint failed: users.email" -> email (PostgreSQL reports the bare column).
std::string not_null_column(std::string_view detail) {
  const auto dot = detail.rfind('.');
  return std::string(dot == std::string_view::npos ? detail : detail.substr(dot + 1));
}

// SQLite's result codes as PostgreSQL's SQLSTATEs, so that callers (the schemes engine's
// error classes, spec/beyo.md §2.12) see the same code from either database. Empty: no
// PostgreSQL code says the same thing (a syntax error, a missing table: bugs, not data).
std::string sqlstate_of(int extended, std::string_view message) {
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return "23505";  // unique_violation
    case SQLITE_CONSTRAINT_NOTNULL:
      return "23502";  // not_null_violation
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return "23503";  // foreign_key_violation
    case SQLITE_CONSTRAINT_CHECK:
      return "23514";  // check_violation
    default:
      break;
  }
  switch (extended & 0xFF) {
    case SQLITE_CONSTRAINT:
      return "23000";  // integrity_constraint_violation
    case SQLITE_TOOBIG:
      return "22001";  // string_data_right_truncation
    case SQLITE_MISMATCH:
      return "22P02";  // invalid_text_representation
    case SQLITE_RANGE:
      return "22023";  // invalid_parameter_value
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "55P03";  // lock_not_available
    case SQLITE_IOERR:
      return "58030";  // io_error
    case SQLITE_FULL:
      return "53100";  // disk_full
    case SQLITE_NOMEM:
      return "53200";  // out_of_memory
    case SQLITE_CANTOPEN:
      return "08006";  // connection_failure
    case SQLITE_READONLY:
      return "25006";  // read_only_sql_transaction
    case SQLITE_INTERRUPT:
      return "57014";  // query_canceled
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "XX001";  // data_corrupted
    case SQLITE_ERROR:
      // A registered function's failure: the only one is tandem_like's bad pattern.
      if (message == LikeEscapeError::kMessage) return "22025";  // invalid_escape_sequence
      break;
    default:
      break;
  }
  return {};
}

}  // namespace

DatabaseError make_error(sqlite3* db, int rc) {
  const int ext = sqlite3_extended_errcode(db);
  std::string msg = sqlite3_errmsg(db);
  std::string sqlstate = sqlstate_of(ext, msg);
  const std::string_view detail = failure_detail(msg);
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: {
      auto name = unique_constraint_name(detail, ext == SQLITE_CONSTRAINT_PRIMARYKEY);
      return {DatabaseError::Kind::unique_violation, msg, std::move(name), std::move(sqlstate)};
    }
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return {DatabaseError::Kind::foreign_key_violation, msg, {}, std::move(sqlstate)};
    case SQLITE_CONSTRAINT_NOTNULL: {
      auto column = not_null_column(detail);
      return {
          DatabaseError::Kind::check_violation, msg, {}, std::move(sqlstate), std::move(column)};
    }
    case SQLITE_CONSTRAINT_CHECK: {
      // A named CHECK reports its name; an unnamed one its expression, which is SQL: dropped.
      std::string name = is_identifier(detail) ? std::string(detail) : std::string{};
      return {DatabaseError::Kind::check_violation, msg, std::move(name), std::move(sqlstate)};
    }
    default:
      break;
  }
  if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
    return {DatabaseError::Kind::overloaded, msg, {}, std::move(sqlstate)};
  if ((rc & 0xFF) == SQLITE_CANTOPEN || (rc & 0xFF) == SQLITE_IOERR)
    return {DatabaseError::Kind::unavailable, msg, {}, std::move(sqlstate)};
  return {DatabaseError::Kind::other, msg, {}, std::move(sqlstate)};
}

SqliteConnection::SqliteConnection(const std::string& path, int busy_timeout_ms,
                                   std::size_t statement_cache_size)
    : statements_(statement_cache_size) {
  int rc =
      sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw DatabaseError(DatabaseError::Kind::unavailable, "cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
  register_functions(db_);
}

SqliteConnection::~SqliteConnection() {
  // Finalized before the close, which would otherwise leave the file open.
  data_version_statement_.reset();
  statements_.clear();
  sqlite3_close(db_);
}

void SqliteConnection::exec(const std::string& script) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    sqlite3_free(err);
    throw make_error(db_, rc);
  }
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view pg_text) {
  if (auto* cached = statements_.find(pg_text)) return cached->get();
  std::string text = to_sqlite_placeholders(pg_text);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) throw make_error(db_, rc);
  StatementPtr prepared(stmt);
  statements_.make_room();  // the evicted statement is finalized here
  return statements_.insert(std::string(pg_text), std::move(prepared)).get();
}

ResultSet SqliteConnection::run(sqlite3_stmt* stmt, const SqlParams& params) {
  struct Reset {
    sqlite3_stmt* s;
    ~Reset() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } reset{stmt};
  for (std::size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    const auto& v = params[i];
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(v))
      rc = sqlite3_bind_null(stmt, idx);
    else if (auto* n = std::get_if<std::int64_t>(&v))
      rc = sqlite3_bind_int64(stmt, idx, *n);
    else if (auto* d = std::get_if<double>(&v))
      rc = sqlite3_bind_double(stmt, idx, *d);
    else if (auto* b = std::get_if<bool>(&v))
      rc = sqlite3_bind_int(stmt, idx, *b ? 1 : 0);
    else if (auto* s = std::get_if<std::string>(&v))
      rc = bind_text(stmt, idx, *s);
    else if (auto* json = std::get_if<SqlJson>(&v))
      rc = bind_text(stmt, idx, json->text);
    else if (auto* texts = std::get_if<SqlTextArray>(&v))
      rc = bind_text(stmt, idx, json_array_text(*texts));
    else
      rc = bind_text(stmt, idx, json_array_text(std::get<SqlIntArray>(v)));
    if (rc != SQLITE_OK) throw make_error(db_, rc);
  }
  int ncols = sqlite3_column_count(stmt);
  std::vector<std::string> columns;
  columns.reserve(ncols);
  for (int c = 0; c < ncols; ++c) columns.emplace_back(sqlite3_column_name(stmt, c));
  ResultSet rs(std::move(columns));
  for (bool first_row = true;; first_row = false) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) throw make_error(db_, rc);
    // Most reads are one row: room for it at once rather than growing cell by cell.
    if (first_row) rs.reserve_cells(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
        rs.add_cell(std::nullopt);
      } else {
        auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        rs.add_cell(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
      }
    }
  }
  rs.affected_rows = sqlite3_changes64(db_);
  return rs;
}

ResultSet SqliteConnection::run(std::string_view pg_text, const SqlParams& params) {
  return run(prepare(pg_text), params);
}

// Stepped by hand rather than through run(): one integer needs no ResultSet, and the statement
// is kept aside from the LRU cache, which generated SQL could otherwise evict it from.
std::int64_t SqliteConnection::read_data_version() {
  if (!data_version_statement_) {
    static constexpr std::string_view kSql = "PRAGMA data_version";
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, kSql.data(), static_cast<int>(kSql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) throw make_error(db_, rc);
    data_version_statement_.reset(stmt);
  }
  sqlite3_stmt* stmt = data_version_statement_.get();
  struct Reset {
    sqlite3_stmt* s;
    ~Reset() { sqlite3_reset(s); }
  } reset{stmt};
  int rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) throw make_error(db_, rc);
  return sqlite3_column_int64(stmt, 0);
}

bool SqliteConnection::others_committed() {
  auto now = std::chrono::steady_clock::now();
  if (data_version_seen_ && now - data_version_looked_at_ < kOtherCommitsLookInterval) {
    return false;
  }
  auto version = read_data_version();
  bool changed = !data_version_seen_ || version != data_version_;
  data_version_ = version;
  data_version_seen_ = true;
  data_version_looked_at_ = now;
  return changed;
}

}  // namespace tandem::store::sqlite
