#pragma once
// Small helpers shared by the work module's repositories.

#include <boost/asio/awaitable.hpp>
#include <cctype>
#include <optional>
#include <string>

#include "store/db/database.hpp"
#include "store/db/sql_builder.hpp"  // nullable(), for the repositories

namespace tandem::store {

// Reads that serve both plain requests (any reader connection) and checks inside a write
// transaction (which must see the transaction's own state) take an optional transaction.
// Runs `sql` inside `tx` when given, else as its own statement on `db`.
inline boost::asio::awaitable<ResultSet> query_in(Database& db, Transaction* tx, const Sql& sql,
                                                  SqlParams params) {
  if (tx != nullptr) {
    auto rs = co_await tx->query(sql, std::move(params));
    co_return rs;
  }
  auto rs = co_await db.query(sql, std::move(params));
  co_return rs;
}

// LIKE pattern (with ESCAPE '\') that matches `needle` literally, lower-cased, anywhere.
inline std::string like_contains(const std::string& needle) {
  std::string p = "%";
  for (char c : needle) {
    if (c == '%' || c == '_' || c == '\\') p.push_back('\\');
    p.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  p.push_back('%');
  return p;
}

}  // namespace tandem::store
