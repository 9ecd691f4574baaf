#pragma once
// Segment trie router with typed parameters. Literal segments win over parameters, so
// /users/me is matched before /users/{user_id}. A path that matches a route under another method
// yields method_not_allowed with the allowed list (for 405 + Allow).

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/http_message.hpp"

namespace tandem::http {

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

// What /openapi.json says about a route. Schemas are JSON Schema objects (OpenAPI 3.0 dialect).
struct RouteDoc {
  std::string summary;
  std::string tag;
  bool requires_auth = false;
  boost::json::value request_body;  // null when the route takes no body
  struct QueryParam {
    std::string name;
    boost::json::value schema;
  };
  std::vector<QueryParam> query;
  struct ResponseDoc {
    int status;
    std::string description;
    boost::json::value schema;  // null for no body
  };
  std::vector<ResponseDoc> responses;
};

enum class SlashPolicy {
  exact,  // only the form as registered
  both    // also serve the other trailing-slash form with the same handler (v1)
};

struct Route {
  Method method;
  std::string pattern;  // as registered, e.g. /api/v1/users/{user_id}
  Handler handler;
  RouteDoc doc;
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Pattern segments: literal, {name} (any non-empty segment), {name:int} (non-negative decimal
  // integer), {name:uuid} (8-4-4-4-12 hex). Throws std::invalid_argument on a duplicate route.
  void add(Method method, std::string_view pattern, Handler handler, RouteDoc doc = {},
           SlashPolicy slash = SlashPolicy::exact);

  enum class Outcome { found, not_found, method_not_allowed };
  struct Match {
    Outcome outcome = Outcome::not_found;
    const Route* route = nullptr;
    std::vector<PathParam> params;
    std::vector<Method> allowed;  // for method_not_allowed
  };
  // HEAD falls back to GET.
  Match find(Method method, std::string_view path) const;

  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  struct Node;
  void insert(Method method, std::string_view pattern, const Route* route);
  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace tandem::http
