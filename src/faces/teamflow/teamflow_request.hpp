#pragma once
// Reading TeamFlow requests. The original took bodies with Flask's get_json() (a JSON media type
// is required) and answered what it could not read with 500s or HTML; Tandem answers 400
// {"error": ...} instead (spec/teamflow.md §8.5).

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/http/http_message.hpp"

namespace tandem::faces::teamflow {

inline constexpr std::string_view kInvalidJson = "Invalid JSON body";

// The body as JSON, or nullopt when the media type is not JSON or the text does not parse.
std::optional<boost::json::value> read_json(const http::Request& req);

// A field of a JSON object that may be absent, null, a string, or something else.
struct StringField {
  bool present = false;
  bool is_null = false;
  bool is_string = false;
  std::optional<std::string> value;  // set when is_string
};
StringField string_field(const boost::json::object& body, std::string_view name);

// A non-negative decimal query parameter; absent or empty -> nullopt with `valid` left true.
std::optional<std::int64_t> query_count(const http::Request& req, std::string_view name,
                                        bool& valid);

// The {task_id:int} path segment (the router only matches digits; this catches overflow).
std::optional<std::int64_t> task_id(const http::Request& req);

}  // namespace tandem::faces::teamflow
