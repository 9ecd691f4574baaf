#pragma once
// Reading v1 requests the way FastAPI + pydantic 2 do: the JSON body is decoded before any
// dependency runs (so malformed JSON is a 422 even without a token), then schema errors are
// collected path -> query -> body into one 422.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "faces/v1/v1_errors.hpp"
#include "platform/http/http_message.hpp"

namespace tandem::faces::v1 {

struct JsonBody {
  bool present = false;  // false: no body bytes at all
  bool json_content = true;
  boost::json::value value;
};

// Step 1 (before auth): decode. A malformed document yields the json_invalid response.
std::variant<JsonBody, http::Response> read_json_body(const http::Request& req);

// Step 3 (after auth): the body must be an object; otherwise records the error and returns null.
const boost::json::object* body_object(const JsonBody& body, ValidationErrors& errors);

// A field that may be absent, explicitly null, or set.
template <typename T>
struct Field {
  bool present = false;
  std::optional<T> value;  // nullopt with present = explicit null
};

// Required string: absent -> "missing"; not a string (null included) -> "string_type".
std::optional<std::string> required_string(const boost::json::object& obj, std::string_view name,
                                           ValidationErrors& errors);
// Optional string; a null is an explicit null when `nullable`, else "string_type".
Field<std::string> optional_string(const boost::json::object& obj, std::string_view name,
                                   ValidationErrors& errors, bool nullable = true);
// EmailStr: string_type, then email-validator's checks ("value_error"); returns normalised.
std::optional<std::string> required_email(const boost::json::object& obj, std::string_view name,
                                          ValidationErrors& errors);
Field<std::string> optional_email(const boost::json::object& obj, std::string_view name,
                                  ValidationErrors& errors);
// Enum by value; an unknown value -> "enum" with the allowed list in pydantic's words. A null is
// an explicit null when `nullable`, else the same "enum" error.
Field<std::string> optional_enum(const boost::json::object& obj, std::string_view name,
                                 const std::vector<std::string_view>& allowed, bool nullable,
                                 ValidationErrors& errors);

// Required enum: absent -> "missing"; anything but an allowed value (null included) -> "enum".
std::optional<std::string> required_enum(const boost::json::object& obj, std::string_view name,
                                         const std::vector<std::string_view>& allowed,
                                         ValidationErrors& errors);
// Optional nullable date ("YYYY-MM-DD" out); "" reads as null (the real client sends it for an
// empty date field). Errors as pydantic's date_from_datetime_parsing / _inexact / date_type.
Field<std::string> optional_date(const boost::json::object& obj, std::string_view name,
                                 ValidationErrors& errors);
// UUID in any form Python accepts, canonical lowercase out. Required: absent -> "missing";
// not a string (null included) -> "uuid_type"; malformed -> "uuid_parsing".
std::optional<std::string> required_uuid(const boost::json::object& obj, std::string_view name,
                                         ValidationErrors& errors);
// Optional UUID that may be null.
Field<std::string> optional_uuid(const boost::json::object& obj, std::string_view name,
                                 ValidationErrors& errors);

// Query integer >= 0 with a default; "int_parsing" / "greater_than_equal" errors.
std::int64_t query_non_negative_int(const http::Request& req, std::string_view name,
                                    std::int64_t fallback, ValidationErrors& errors);
// Query string; "" counts as absent (the real client sends empty filters).
std::string query_filter(const http::Request& req, std::string_view name);

// Query UUID; "" counts as absent, a malformed value is "uuid_parsing" at ["query", name].
std::optional<std::string> query_uuid(const http::Request& req, std::string_view name,
                                      ValidationErrors& errors);

// Path UUID in any form Python's uuid.UUID accepts; canonical lowercase or a "uuid_parsing" error.
std::optional<std::string> path_uuid(const http::Request& req, std::string_view name,
                                     ValidationErrors& errors);

std::string enum_expected(const std::vector<std::string_view>& allowed);

}  // namespace tandem::faces::v1
