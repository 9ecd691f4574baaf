#include "faces/kpi/kpi_request.hpp"

#include <charconv>
#include <cmath>

#include "faces/kpi/kpi_errors.hpp"

namespace tandem::faces::kpi {

namespace json = boost::json;

namespace {

constexpr std::string_view kNotAnObject = "Request body must be a JSON object";

std::string range_text(std::string_view name, std::int64_t min, std::int64_t max) {
  return std::string(name) + " must be between " + std::to_string(min) + " and " +
         std::to_string(max);
}

std::optional<double> parse_number_text(std::string_view text) {
  double d = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(d))
    return std::nullopt;
  return d;
}

std::optional<double> as_number(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double())
    return std::isfinite(v.get_double()) ? std::optional(v.get_double()) : std::nullopt;
  if (v.is_string()) return parse_number_text(v.get_string());
  return std::nullopt;
}

std::optional<std::int64_t> as_integer(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_string()) return parse_decimal_integer(v.get_string());
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_decimal_integer(std::string_view text) {
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return n;
}

std::variant<json::object, http::Response> read_body_object(const http::Request& req) {
  json::stream_parser parser;
  boost::system::error_code ec;
  parser.write(req.body.data(), req.body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) return message(400, kNotAnObject);
  auto value = parser.release();
  if (!value.is_object()) return message(400, kNotAnObject);
  return std::move(value.get_object());
}

const json::value* FieldReader::find(std::string_view name) const {
  return body_.if_contains(name);
}

void FieldReader::fail(std::string problem) {
  if (!problem_) problem_ = std::move(problem);
}

http::Response FieldReader::error() const { return message(400, problem_.value_or("Bad request")); }

std::optional<std::string> FieldReader::optional_string(std::string_view name) {
  const auto* v = find(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string() || v->get_string().empty()) {
    fail(std::string(name) + " must be a non-empty string");
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::optional<std::string> FieldReader::required_string(std::string_view name) {
  const auto* v = find(name);
  if (v == nullptr || v->is_null()) {
    fail(std::string(name) + " is required");
    return std::nullopt;
  }
  return optional_string(name);
}

std::optional<std::int64_t> FieldReader::required_integer(std::string_view name, std::int64_t min,
                                                          std::int64_t max) {
  const auto* v = find(name);
  if (v == nullptr || v->is_null()) {
    fail(std::string(name) + " is required");
    return std::nullopt;
  }
  auto n = as_integer(*v);
  if (!n) {
    fail(std::string(name) + " must be an integer");
    return std::nullopt;
  }
  if (*n < min || *n > max) {
    fail(range_text(name, min, max));
    return std::nullopt;
  }
  return n;
}

Field<std::int64_t> FieldReader::nullable_integer(std::string_view name) {
  Field<std::int64_t> f;
  const auto* v = find(name);
  if (v == nullptr) return f;
  f.present = true;
  if (v->is_null()) return f;
  f.value = as_integer(*v);
  if (!f.value) fail(std::string(name) + " must be an integer");
  return f;
}

std::optional<double> FieldReader::optional_number(std::string_view name) {
  const auto* v = find(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  auto d = as_number(*v);
  if (!d) fail(std::string(name) + " must be a number");
  return d;
}

std::optional<double> FieldReader::required_number(std::string_view name) {
  const auto* v = find(name);
  if (v == nullptr || v->is_null()) {
    fail(std::string(name) + " is required");
    return std::nullopt;
  }
  return optional_number(name);
}

std::optional<bool> FieldReader::optional_boolean(std::string_view name) {
  const auto* v = find(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_bool()) return v->get_bool();
  if (v->is_int64() && (v->get_int64() == 0 || v->get_int64() == 1)) return v->get_int64() == 1;
  if (v->is_string()) {
    if (http::iequals(v->get_string(), "true")) return true;
    if (http::iequals(v->get_string(), "false")) return false;
  }
  fail(std::string(name) + " must be true or false");
  return std::nullopt;
}

std::optional<std::int64_t> query_integer(const http::Request& req, std::string_view name,
                                          std::int64_t min, std::int64_t max,
                                          std::optional<std::string>& problem) {
  auto text = req.query(name);
  if (!text || text->empty()) return std::nullopt;
  auto n = parse_decimal_integer(*text);
  if (!n) {
    if (!problem) problem = std::string(name) + " must be an integer";
    return std::nullopt;
  }
  if (*n < min || *n > max) {
    if (!problem) problem = range_text(name, min, max);
    return std::nullopt;
  }
  return n;
}

std::optional<std::int64_t> path_id(const http::Request& req, std::string_view name) {
  const auto* text = req.path_param(name);
  if (text == nullptr) return std::nullopt;
  return parse_decimal_integer(*text);
}

}  // namespace tandem::faces::kpi
