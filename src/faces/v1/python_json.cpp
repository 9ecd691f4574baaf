#include "faces/v1/python_json.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

namespace tandem::faces::v1 {

namespace json = boost::json;

namespace {

// repr(float): the shortest text that reads back as the same double, with ".0" on integral
// values. Python switches to exponent form outside [1e-4, 1e16); percentages never get there.
void write_double(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";  // JSON has no NaN/Infinity; nothing here produces them
    return;
  }
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof text, d);
  (void)ec;
  std::string_view written(text, static_cast<std::size_t>(end - text));
  out += written;
  if (written.find_first_of(".eEn") == std::string_view::npos) out += ".0";
}

void write(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::double_:
      write_double(v.get_double(), out);
      return;
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& entry : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string_view(entry.key()));
        out += ':';
        write(entry.value(), out);
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write(item, out);
      }
      out += ']';
      return;
    }
    default:
      out += json::serialize(v);
  }
}

}  // namespace

std::string python_json(const json::value& value) {
  std::string out;
  write(value, out);
  return out;
}

http::Response python_json_response(int status, const json::value& body) {
  return http::Response::json_text(status, python_json(body));
}

}  // namespace tandem::faces::v1
