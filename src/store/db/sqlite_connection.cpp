#include "store/db/sqlite_connection.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

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

DatabaseError make_error(sqlite3* db, int rc) {
  int ext = sqlite3_extended_errcode(db);
  std::string msg = sqlite3_errmsg(db);
  auto constraint_of = [&] {
    auto colon = msg.find(": ");
    return colon == std::string::npos ? std::string{} : msg.substr(colon + 2);
  };
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return {DatabaseError::Kind::unique_violation, msg, constraint_of()};
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return {DatabaseError::Kind::foreign_key_violation, msg, constraint_of()};
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK:
      return {DatabaseError::Kind::check_violation, msg, constraint_of()};
    default:
      break;
  }
  if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
    return {DatabaseError::Kind::overloaded, msg};
  if ((rc & 0xFF) == SQLITE_CANTOPEN || (rc & 0xFF) == SQLITE_IOERR)
    return {DatabaseError::Kind::unavailable, msg};
  return {DatabaseError::Kind::other, msg};
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
}

SqliteConnection::~SqliteConnection() {
  statements_.clear();  // finalized before the close, which would otherwise leave the file open
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
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) throw make_error(db_, rc);
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

bool SqliteConnection::others_committed() {
  auto now = std::chrono::steady_clock::now();
  if (data_version_seen_ && now - data_version_looked_at_ < kOtherCommitsLookInterval) {
    return false;
  }
  auto version = run("PRAGMA data_version", {}).integer(0, 0);
  bool changed = !data_version_seen_ || version != data_version_;
  data_version_ = version;
  data_version_seen_ = true;
  data_version_looked_at_ = now;
  return changed;
}

}  // namespace tandem::store::sqlite
