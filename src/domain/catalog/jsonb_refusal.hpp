#pragma once
// What PostgreSQL's jsonb refuses in a JSON value, checked before any SQL runs so that SQLite
// (which would store it) gives the same answer: a \u0000 in a string or a key (SQLSTATE 22P05),
// and a number Boost.JSON read as infinity or NaN (1e999; 0e999 in Boost 1.81), which it would
// write as the non-JSON `Infinity` / `NaN` (22P02). Used for filter values and written values.

#include <boost/json/value.hpp>
#include <string_view>

namespace tandem::domain::catalog {

// The SQLSTATE jsonb would answer with, or "" when it stores the value.
std::string_view jsonb_refusal(const boost::json::value& value);

}  // namespace tandem::domain::catalog
