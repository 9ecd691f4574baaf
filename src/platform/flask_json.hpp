#pragma once
// JSON exactly as Flask's jsonify writes it (the KPI and TeamFlow originals; spec/kpi.md §1.9,
// spec/teamflow.md §4): object keys sorted, compact separators, non-ASCII escaped as \uXXXX,
// floats in Python's repr (555.0, 1e+16), and a trailing newline. Boost.JSON keeps insertion
// order and writes 5.55E2, hence this.

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/http/http_message.hpp"

namespace tandem::http {

std::string flask_json(const boost::json::value& value);

// Python's repr(float) for a finite double.
void append_python_float(std::string& out, double value);

// The pieces flask_json writes, for list renderers that write their rows straight into one
// string (keys already in sorted order) instead of building a boost::json tree per row.
// A JSON string literal, quotes included, escaped as json.dumps(ensure_ascii=True) does.
void append_json_string(std::string& out, std::string_view text);
void append_json_integer(std::string& out, std::int64_t value);

Response flask_json_response(int status, const boost::json::value& body);

}  // namespace tandem::http
