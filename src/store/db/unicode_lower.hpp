#pragma once
// Lower-casing and decoding of UTF-8 text the way PostgreSQL's ILIKE sees it under the ICU root
// collation ("und-x-icu"), for the SQLite twin of that operator (sqlite_functions.cpp): the same
// strings fold to the same code points on both databases, so a case-insensitive search returns
// the same rows.
//
// Covered: every single-code-point lowercase mapping of Unicode 14 (Latin, Greek, Cyrillic,
// Armenian, Georgian, Cherokee, Glagolitic, fullwidth Latin, Deseret, ... : the UnicodeData
// simple mappings), the one unconditional multi-code-point mapping (U+0130 LATIN CAPITAL LETTER
// I WITH DOT ABOVE -> "i" U+0307) and the Final_Sigma rule (capital sigma after a cased letter
// and not before one becomes U+03C2), as ICU applies them. Not covered: language-specific
// rules (Turkish, Lithuanian: ICU's root locale does not apply them either), and characters
// newer than Unicode 14. "Cased" and "case-ignorable" in the Final_Sigma rule are approximated:
// cased = has a lowercase mapping or is the lowercase of one; case-ignorable = the apostrophes,
// periods, colons and combining marks of the Latin, Greek and Cyrillic scripts.

#include <string>
#include <string_view>

namespace tandem::store::sqlite {

// Code points of UTF-8 text. Bytes that are not valid UTF-8 (SQLite does not check what it
// stores) become U+DC80..U+DCFF each, which no valid text decodes to, so they match only
// themselves.
std::u32string decode_utf8(std::string_view text);

// The lowercase of one code point by its simple mapping (itself when it has none).
char32_t simple_lower(char32_t c);

// The lowercase of a whole text, with the contextual and multi-code-point rules above.
std::u32string lower(std::u32string_view text);

}  // namespace tandem::store::sqlite
