#include "faces/teamflow/teamflow_request.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>

namespace tandem::faces::teamflow {

namespace json = boost::json;

namespace {

// Werkzeug's Request.is_json: application/json or application/*+json, parameters ignored.
bool is_json_media_type(std::string_view content_type) {
  auto semicolon = content_type.find(';');
  std::string type(content_type.substr(0, semicolon));
  type.erase(std::remove_if(type.begin(), type.end(),
                            [](unsigned char c) { return std::isspace(c) != 0; }),
             type.end());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type == "application/json") return true;
  constexpr std::string_view kPrefix = "application/", kSuffix = "+json";
  return type.size() > kPrefix.size() + kSuffix.size() && type.starts_with(kPrefix) &&
         type.ends_with(kSuffix);
}

std::optional<std::int64_t> parse_count(std::string_view text) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
    return std::nullopt;
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return n;
}

}  // namespace

std::optional<json::value> read_json(const http::Request& req) {
  if (!is_json_media_type(req.header("content-type").value_or(""))) return std::nullopt;
  json::stream_parser parser;
  boost::system::error_code ec;
  parser.write(req.body.data(), req.body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) return std::nullopt;
  return parser.release();
}

StringField string_field(const json::object& body, std::string_view name) {
  StringField f;
  const auto* v = body.if_contains(name);
  if (v == nullptr) return f;
  f.present = true;
  f.is_null = v->is_null();
  if (v->is_string()) {
    f.is_string = true;
    f.value = std::string(v->get_string());
  }
  return f;
}

std::optional<std::int64_t> query_count(const http::Request& req, std::string_view name,
                                        bool& valid) {
  auto text = req.query(name);
  if (!text || text->empty()) return std::nullopt;
  auto n = parse_count(*text);
  if (!n) valid = false;
  return n;
}

std::optional<std::int64_t> task_id(const http::Request& req) {
  const auto* text = req.path_param("task_id");
  if (text == nullptr) return std::nullopt;
  return parse_count(*text);
}

}  // namespace tandem::faces::teamflow
