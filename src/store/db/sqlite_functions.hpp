#pragma once
// The SQL functions every SQLite connection gets, so that the statements the schemes engine
// compiles (through SqlDialect) answer on SQLite exactly as PostgreSQL's operators do:
//   tandem_json_contains(a, b)      a @> b            (jsonb_semantics.hpp)
//   tandem_json_has_key(doc, key)   doc ? key
//   tandem_json_has_any(doc, keys)  doc ?| keys       (keys: a JSON array of strings)
//   tandem_json_has_all(doc, keys)  doc ?& keys
//   tandem_json_equal(a, b)         a = b  (as jsonb)
//   tandem_like(text, pattern)      text LIKE pattern  (like_match.hpp)
//   tandem_ilike(text, pattern)     text ILIKE pattern
// Every function answers NULL when an argument is NULL, as the operators do. A document that is
// not JSON (SQLite does not check what a TEXT column holds) also gives NULL, never an error, so
// one bad row cannot fail a whole search. A LIKE pattern ending in a lone backslash fails as
// PostgreSQL's does (LikeEscapeError's message; the driver reports SQLSTATE 22025).

#include <sqlite3.h>

namespace tandem::store::sqlite {

// Throws DatabaseError when SQLite refuses a registration (out of memory).
void register_functions(sqlite3* db);

}  // namespace tandem::store::sqlite
