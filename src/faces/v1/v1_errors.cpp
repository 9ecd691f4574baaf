#include "faces/v1/v1_errors.hpp"

#include "faces/v1/python_json.hpp"

namespace tandem::faces::v1 {

http::Response detail(int status, std::string_view message) {
  boost::json::object body;
  body["detail"] = message;
  return http::Response::json(status, body);
}

void ValidationErrors::add(std::string_view type, boost::json::array loc, std::string_view msg,
                           boost::json::value input, boost::json::object ctx) {
  boost::json::object item;
  item["type"] = type;
  item["loc"] = std::move(loc);
  item["msg"] = msg;
  item["input"] = std::move(input);
  if (!ctx.empty()) item["ctx"] = std::move(ctx);
  items_.push_back(std::move(item));
}

http::Response ValidationErrors::response() const {
  boost::json::object body;
  body["detail"] = items_;
  // Items echo the client's input, which may hold any JSON number: Python's float text, and null
  // for one past the double range (1e999), which Boost.JSON would write as `Infinity`, not JSON.
  return python_json_response(422, body);
}

}  // namespace tandem::faces::v1
