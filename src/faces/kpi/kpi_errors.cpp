#include "faces/kpi/kpi_errors.hpp"

#include <boost/json.hpp>

#include "faces/kpi/kpi_json.hpp"

namespace tandem::faces::kpi {

namespace {
http::Response one_key(int status, std::string_view key, std::string_view text) {
  boost::json::object body;
  body[key] = text;
  return json_response(status, body);
}
}  // namespace

http::Response message(int status, std::string_view text) {
  return one_key(status, "message", text);
}

http::Response msg(int status, std::string_view text) { return one_key(status, "msg", text); }

http::Response internal_error() { return one_key(500, "error", "Internal server error"); }

http::Response render_platform_error(int status, std::string_view text) {
  // Flask answered these with HTML pages; Tandem keeps the face's JSON shape instead.
  if (status == 500) return internal_error();
  return message(status, text);
}

}  // namespace tandem::faces::kpi
