#pragma once
// PostgreSQL's LIKE and ILIKE, reproduced for SQLite (sqlite_functions.cpp registers them), so
// that a pattern selects the same rows on both databases. SQLite's own LIKE differs on every
// point that matters here: it ignores ASCII case, has no escape character unless told, and
// counts bytes where PostgreSQL counts characters.
//
// PostgreSQL's rules: the pattern matches the whole text; `_` is one character (a code point of
// UTF-8), `%` any run of them; a backslash makes the next character literal; LIKE compares
// code points exactly. ILIKE lower-cases text and pattern first (unicode_lower.hpp: as
// PostgreSQL does under the ICU root collation) and then matches as LIKE does. A pattern
// ending in a lone backslash is an error, but only when the match reaches that backslash,
// exactly as PostgreSQL's matcher does ('abc' LIKE 'x\' is false; 'xbc' LIKE 'x\' fails).

#include <stdexcept>
#include <string_view>

namespace tandem::store::sqlite {

// PostgreSQL's "LIKE pattern must not end with escape character" (SQLSTATE 22025).
class LikeEscapeError : public std::invalid_argument {
 public:
  LikeEscapeError() : std::invalid_argument(kMessage) {}
  // The text SQLite reports for the function's failure; the driver recognises it by this.
  static constexpr const char* kMessage = "LIKE pattern must not end with escape character";
};

// Both throw LikeEscapeError as described above.
bool like_matches(std::string_view text, std::string_view pattern);
bool ilike_matches(std::string_view text, std::string_view pattern);

}  // namespace tandem::store::sqlite
