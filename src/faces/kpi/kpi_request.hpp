#pragma once
// Reading KPI requests with a whitelist per endpoint (spec/kpi.md §5.4): only the named fields
// are read, unknown keys are ignored, and the first malformed field becomes a JSON 400
// {"message": "..."} (§5.9, §5.10) instead of Flask's HTML page or a 500.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "platform/http/http_message.hpp"

namespace tandem::faces::kpi {

// The body as a JSON object, or the 400 to send.
std::variant<boost::json::object, http::Response> read_body_object(const http::Request& req);

// A field that may be absent, explicitly null, or set.
template <typename T>
struct Field {
  bool present = false;
  std::optional<T> value;  // nullopt with present = explicit null
};

// Collects the first problem; the handler sends `error()` when `failed()`.
class FieldReader {
 public:
  explicit FieldReader(const boost::json::object& body) : body_(body) {}

  // Non-empty string.
  std::optional<std::string> required_string(std::string_view name);
  std::optional<std::string> optional_string(std::string_view name);
  // A JSON integer or a string of decimal digits.
  std::optional<std::int64_t> required_integer(std::string_view name, std::int64_t min,
                                               std::int64_t max);
  Field<std::int64_t> nullable_integer(std::string_view name);
  // A finite JSON number or numeric string.
  std::optional<double> required_number(std::string_view name);
  std::optional<double> optional_number(std::string_view name);
  // true/false, "True"/"False" in any case, 1/0 (§5.5).
  std::optional<bool> optional_boolean(std::string_view name);
  // A string the parser accepts; `expected` names the accepted values in the message.
  template <typename Parse>
  auto optional_enum(std::string_view name, Parse parse, std::string_view expected)
      -> decltype(parse(std::string_view{})) {
    auto text = optional_string(name);
    if (!text) return std::nullopt;
    auto parsed = parse(*text);
    if (!parsed) fail(std::string(name) + " must be one of " + std::string(expected));
    return parsed;
  }

  void fail(std::string problem);
  bool failed() const { return problem_.has_value(); }
  http::Response error() const;

 private:
  const boost::json::value* find(std::string_view name) const;
  const boost::json::object& body_;
  std::optional<std::string> problem_;
};

std::optional<std::int64_t> parse_decimal_integer(std::string_view text);

// Query integer: absent or "" -> nullopt without a problem; otherwise parsed and range-checked.
std::optional<std::int64_t> query_integer(const http::Request& req, std::string_view name,
                                          std::int64_t min, std::int64_t max,
                                          std::optional<std::string>& problem);

// A {name:int} path segment (the router only matches digits; this catches overflow).
std::optional<std::int64_t> path_id(const http::Request& req, std::string_view name);

}  // namespace tandem::faces::kpi
