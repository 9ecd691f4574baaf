#pragma once
// The request and response every handler sees. Deliberately free of Beast types so that faces and
// handlers compile without the heavy HTTP headers; the server converts at the edge.

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/text.hpp"

namespace tandem::http {

enum class Method { get, head, post, put, patch, delete_, options, other };

std::string_view method_name(Method m);
Method parse_method(std::string_view text);

struct Header {
  std::string name;
  std::string value;
};

using platform::iequals;

// A path parameter captured by the router, e.g. {user_id} -> "3f2c...".
struct PathParam {
  std::string name;
  std::string value;
};

class Request {
 public:
  Method method = Method::get;
  std::string target;        // as received: path + "?" + query
  std::string path;          // percent-decoded path
  std::string query_string;  // raw, without '?'
  std::vector<Header> headers;
  std::string body;
  std::string remote_address;
  std::string request_id;
  std::vector<PathParam> path_params;
  std::string
      route_pattern;  // the matched route, e.g. /api/v1/users/{user_id}; for logs and metrics

  std::optional<std::string_view> header(std::string_view name) const;
  // First value of a query parameter, percent-decoded ('+' is a space), or nullopt when absent.
  std::optional<std::string> query(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  const std::string* path_param(std::string_view name) const;
};

class Response {
 public:
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  bool close_connection = false;

  Response() = default;
  explicit Response(int s) : status(s) {}

  void set_header(std::string_view name, std::string_view value);
  void add_header(std::string_view name, std::string_view value);  // keeps duplicates (Set-Cookie)
  std::optional<std::string_view> header(std::string_view name) const;

  static Response json(int status, const boost::json::value& body);
  static Response json_text(int status, std::string body);  // pre-serialized JSON
  static Response text(int status, std::string body, std::string_view content_type = "text/plain");
  static Response no_content(int status = 204);
};

std::string_view status_reason(int status);

}  // namespace tandem::http
