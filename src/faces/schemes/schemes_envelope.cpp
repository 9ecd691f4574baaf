#include "faces/schemes/schemes_envelope.hpp"

#include <boost/json.hpp>

#include "platform/flask_json.hpp"

namespace tandem::faces::schemes {

namespace json = boost::json;

http::Response envelope(int status, std::string_view message, json::array body,
                        std::string_view server_message) {
  // In the body's memory resource, so that the body moves in instead of being copied.
  json::object o(body.storage());
  o.reserve(4);
  // Sorted order, so the writer takes its no-sort path.
  o["body"] = std::move(body);
  o["message"] = message;
  o["server_message"] = server_message;
  o["status"] = status;
  return http::flask_json_response(status, o);
}

http::Response envelope(int status, std::string_view message, std::string_view server_message) {
  return envelope(status, message, json::array(), server_message);
}

http::Response render_platform_error(int status, std::string_view text) {
  switch (status) {
    case 500:
      return envelope(500, "[Exception Error] Internal error.");
    case 413:
      // A body over the platform's limit (issue decision 10): §5.2's size wording.
      return envelope(413, "[Validation Error] Request body too large.",
                      "request body exceeds maximum size");
    case 503:
      return envelope(503, "[Database Operational Error] Service unavailable, retry shortly.");
    default:
      return envelope(status, text);
  }
}

}  // namespace tandem::faces::schemes
