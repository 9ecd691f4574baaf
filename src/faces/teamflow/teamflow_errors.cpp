#include "faces/teamflow/teamflow_errors.hpp"

#include <boost/json.hpp>

#include "platform/flask_json.hpp"

namespace tandem::faces::teamflow {

using domain::board::BoardRefusal;

http::Response error(int status, std::string_view text) {
  boost::json::object body;
  body["error"] = text;
  return http::flask_json_response(status, body);
}

http::Response refusal(BoardRefusal r) {
  switch (r) {
    case BoardRefusal::title_required:
      return error(400, "Title is required");
    case BoardRefusal::title_too_long:
      return error(400, "Title must be at most 200 characters");
    case BoardRefusal::invalid_priority:
      return error(400, "Invalid priority");
    case BoardRefusal::invalid_status:
      return error(400, "Invalid status");
    case BoardRefusal::not_found:
      break;
  }
  return error(404, "Task not found");
}

http::Response render_platform_error(int status, std::string_view text) {
  // Never exception text (§8.4); sentence case like the face's own messages.
  switch (status) {
    case 404:
      return error(404, "Not found");
    case 405:
      return error(405, "Method not allowed");
    case 500:
      return error(500, "Internal server error");
    default:
      return error(status, text);
  }
}

}  // namespace tandem::faces::teamflow
