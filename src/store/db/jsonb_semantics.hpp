#pragma once
// PostgreSQL's jsonb comparisons, reproduced for SQLite (sqlite_functions.cpp registers them
// as SQL functions), so the schemes engine's JSON filters select the same rows on both
// databases: containment (@>, and <@ with the arguments swapped), key existence (?, ?|, ?&)
// and equality (=). Documents are parsed with Boost.JSON, which keeps the last of repeated
// keys as jsonb does.
//
// jsonb's rules, as PostgreSQL documents and implements them:
//   - numbers compare by value (1, 1.0 and 1e0 are equal); integers exactly, others as doubles
//     (jsonb's numeric is exact; the difference shows only beyond 15 significant digits);
//   - strings compare by their code points, objects ignore key order, arrays keep theirs (=);
//   - a contains b: scalars are equal; objects: every key of b is in a with a value that
//     contains b's; arrays: every element of b is contained by some element of a (order and
//     repetition do not matter); a top-level array also contains a scalar that is one of its
//     elements (not an object, and only at the top);
//   - has_key: an object's key, a string element of an array, or a string scalar itself.

#include <boost/json/value.hpp>
#include <string_view>

namespace tandem::store::sqlite {

bool jsonb_contains(const boost::json::value& doc, const boost::json::value& other);
bool jsonb_equal(const boost::json::value& a, const boost::json::value& b);
bool jsonb_has_key(const boost::json::value& doc, std::string_view key);

}  // namespace tandem::store::sqlite
