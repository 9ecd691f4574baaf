#include "platform/http/request_pipeline.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "platform/metrics.hpp"
#include "platform/uuid.hpp"

namespace tandem::http {

std::string choose_request_id(std::optional<std::string_view> incoming) {
  if (incoming && !incoming->empty() && incoming->size() <= 128 &&
      std::all_of(incoming->begin(), incoming->end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      })) {
    return std::string(*incoming);
  }
  return platform::request_id_hex();
}

RequestPipeline::RequestPipeline(const Router& router, CorsPolicy cors, PipelineOptions options)
    : router_(router), cors_(std::move(cors)), options_(options) {}

void RequestPipeline::set_error_renderer(std::string prefix, ErrorRenderer renderer,
                                         PathScope scope) {
  renderers_.push_back({std::move(prefix), scope, std::move(renderer)});
  std::stable_sort(renderers_.begin(), renderers_.end(),
                   [](const auto& a, const auto& b) { return a.path.size() > b.path.size(); });
}

void RequestPipeline::set_exception_classifier(ExceptionClassifier classifier) {
  classifier_ = std::move(classifier);
}

Response RequestPipeline::render_error(std::string_view path, int status,
                                       std::string_view message) const {
  for (const auto& r : renderers_) {
    bool covered = r.scope == PathScope::exact ? path == r.path : path.starts_with(r.path);
    if (covered) return r.renderer(status, message);
  }
  boost::json::object body;
  body["detail"] = message;
  return Response::json(status, body);
}

boost::asio::awaitable<Response> RequestPipeline::handle(Request& req) {
  auto started = std::chrono::steady_clock::now();
  req.request_id = choose_request_id(req.header("x-request-id"));
  Response res;
  if (cors_.is_preflight(req)) {
    req.route_pattern = "preflight";
    res = cors_.preflight(req);
  } else {
    res = co_await dispatch(req);
    cors_.decorate(req, res);
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  finish(req, res, elapsed.count());
  co_return res;
}

boost::asio::awaitable<Response> RequestPipeline::dispatch(Request& req) {
  auto match = router_.find(req.method, req.path);
  if (match.outcome == Router::Outcome::not_found) {
    req.route_pattern = "unmatched";
    co_return render_error(req.path, 404, "Not Found");
  }
  if (match.outcome == Router::Outcome::method_not_allowed) {
    req.route_pattern = "unmatched";
    Response res = render_error(req.path, 405, "Method Not Allowed");
    std::string allow;
    for (auto m : match.allowed) {
      if (!allow.empty()) allow += ", ";
      allow += method_name(m);
      if (m == Method::get) allow += ", HEAD";
    }
    res.set_header("Allow", allow);
    co_return res;
  }
  req.route_pattern = match.route->pattern;
  req.path_params = std::move(match.params);
  int error_status = 500;
  try {
    auto res = co_await match.route->handler(req);
    co_return res;
  } catch (const std::exception& e) {
    if (classifier_) {
      if (auto status = classifier_(e)) error_status = *status;
    }
    spdlog::error("request_id={} route=\"{}\" status={} error=\"{}\"", req.request_id,
                  req.route_pattern, error_status, e.what());
  }
  Response res = render_error(
      req.path, error_status,
      error_status == 503 ? "Service unavailable, retry shortly" : "Internal server error");
  if (error_status == 503) res.set_header("Retry-After", "1");
  co_return res;
}

void RequestPipeline::finish(const Request& req, Response& res, double seconds) const {
  res.set_header("X-Request-Id", req.request_id);
  platform::Metrics::instance().record_request(req.route_pattern, method_name(req.method),
                                               res.status, seconds);
  if (options_.access_log) {
    spdlog::info(
        "access request_id={} remote={} method={} path=\"{}\" route=\"{}\" status={} "
        "duration_ms={:.3f}",
        req.request_id, req.remote_address, method_name(req.method), req.path, req.route_pattern,
        res.status, seconds * 1000.0);
  }
}

}  // namespace tandem::http
