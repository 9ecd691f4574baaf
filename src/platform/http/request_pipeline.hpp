#pragma once
// Everything between a parsed request and its response that is not a face's business: request
// ids, CORS, routing (404/405 in the owning face's shape), error mapping (a 500 never carries
// exception text), HEAD, metrics and the access log.

#include <boost/asio/awaitable.hpp>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/http/cors.hpp"
#include "platform/http/http_message.hpp"
#include "platform/http/router.hpp"

namespace tandem::http {

// How a face renders an error the platform produces (404, 405, 429, 500, 503 ...).
using ErrorRenderer = std::function<Response(int status, std::string_view message)>;

// Maps an exception that escaped a handler to a status, e.g. a full database queue to 503.
// nullopt means 500.
using ExceptionClassifier = std::function<std::optional<int>(const std::exception&)>;

// Which paths an error renderer covers: every path that starts with its prefix, or only the
// path itself (the schemes face's /api, whose subpaths belong to other faces too).
enum class PathScope { prefix, exact };

struct PipelineOptions {
  bool access_log = true;
};

class RequestPipeline {
 public:
  RequestPipeline(const Router& router, CorsPolicy cors, PipelineOptions options = {});

  // The face that owns `prefix` renders errors for paths under it (or for that path alone with
  // PathScope::exact); the longest match wins.
  void set_error_renderer(std::string prefix, ErrorRenderer renderer,
                          PathScope scope = PathScope::prefix);
  void set_exception_classifier(ExceptionClassifier classifier);

  boost::asio::awaitable<Response> handle(Request& req);

  // An error for `path` in the shape of the face that owns it.
  Response render_error(std::string_view path, int status, std::string_view message) const;

  const CorsPolicy& cors() const { return cors_; }

 private:
  boost::asio::awaitable<Response> dispatch(Request& req);
  void finish(const Request& req, Response& res, double seconds) const;

  const Router& router_;
  CorsPolicy cors_;
  PipelineOptions options_;
  struct ScopedRenderer {
    std::string path;
    PathScope scope;
    ErrorRenderer renderer;
  };
  std::vector<ScopedRenderer> renderers_;
  ExceptionClassifier classifier_;
};

// A client-sent X-Request-Id is kept when it is short and plain; otherwise a new one is made.
std::string choose_request_id(std::optional<std::string_view> incoming);

}  // namespace tandem::http
