#include "faces/system/system_routes.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "platform/http/openapi.hpp"
#include "platform/metrics.hpp"
#include "store/db/database_health.hpp"

namespace tandem::faces::system {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

// The files /docs and /redoc need, by the name they are served under.
struct Asset {
  std::string_view name;
  std::string_view relative_path;
  std::string_view content_type;
};
constexpr Asset kAssets[] = {
    {"swagger-ui.css", "swagger-ui-dist/swagger-ui.css", "text/css"},
    {"swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui-bundle.js", "text/javascript"},
    {"redoc.standalone.js", "redoc/bundles/redoc.standalone.js", "text/javascript"},
};

constexpr std::string_view kSwaggerPage = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tandem API - Swagger UI</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui"});</script>
</body></html>
)";

constexpr std::string_view kRedocPage = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tandem API - ReDoc</title></head>
<body><redoc spec-url="/openapi.json"></redoc>
<script src="/docs/assets/redoc.standalone.js"></script>
</body></html>
)";

boost::asio::awaitable<Response> handle_root(Request&) {
  // Both originals' root keys in one object.
  json::object o;
  o["message"] = "Welcome to FlowTrack API";
  o["version"] = "1.0.0";
  o["docs"] = "/docs";
  o["redoc"] = "/redoc";
  o["service"] = "tandem";
  co_return Response::json(200, o);
}

boost::asio::awaitable<Response> handle_health(Request&) {
  co_return Response::json_text(200,
                                R"({"status":"healthy","app":"FlowTrack API","version":"1.0.0"})");
}

boost::asio::awaitable<Response> handle_healthz(Request&) {
  co_return Response::json_text(200, R"({"status":"ok"})");
}

boost::asio::awaitable<Response> handle_readyz(SystemContext& ctx, Request&) {
  if (ctx.readiness.draining()) {
    // Shutting down: no Retry-After, this instance will not be back.
    co_return Response::json_text(503, R"({"status":"draining"})");
  }
  auto ready = co_await store::database_answers(ctx.db);
  if (!ready) {
    Response res = Response::json_text(503, R"({"status":"unavailable","database":"down"})");
    res.set_header("Retry-After", "1");
    co_return res;
  }
  co_return Response::json_text(200, R"({"status":"ready"})");
}

boost::asio::awaitable<Response> handle_metrics(Request&) {
  co_return Response::text(200, platform::Metrics::instance().render_prometheus(),
                           "text/plain; version=0.0.4; charset=utf-8");
}

boost::asio::awaitable<Response> handle_openapi(SystemContext& ctx, Request&) {
  co_return Response::json(200, http::render_openapi(ctx.router, "Tandem", TANDEM_VERSION));
}

boost::asio::awaitable<Response> handle_page(std::string_view page, Request&) {
  co_return Response::text(200, std::string(page), "text/html; charset=utf-8");
}

boost::asio::awaitable<Response> handle_asset(SystemContext& ctx, Request& req) {
  const std::string* name = req.path_param("file");
  for (const auto& asset : kAssets) {
    if (name == nullptr || *name != asset.name) continue;
    std::ifstream in(ctx.web_assets_dir + "/" + std::string(asset.relative_path), std::ios::binary);
    if (!in) break;
    std::stringstream ss;
    ss << in.rdbuf();
    Response res = Response::text(200, ss.str(), asset.content_type);
    res.set_header("Cache-Control", "public, max-age=86400");
    co_return res;
  }
  co_return Response::json_text(
      404,
      R"json({"detail":"Not Found (documentation assets: run scripts/install-web-assets.sh)"})json");
}

}  // namespace

void add_system_routes(http::Router& router, SystemContext& ctx) {
  namespace s = http::schema;
  auto text_doc = [](std::string summary) {
    return http::describe(std::move(summary), "platform", false, nullptr, {{200, "OK", nullptr}});
  };
  router.add(Method::get, "/", handle_root,
             http::describe("Service information", "platform", false, nullptr,
                            {{200, "OK", s::any_object()}}));
  router.add(
      Method::get, "/health", handle_health,
      http::describe(
          "FlowTrack health check", "platform", false, nullptr,
          {{200, "Healthy",
            s::object(
                {{"status", s::string()}, {"app", s::string()}, {"version", s::string()}})}}));
  router.add(Method::get, "/healthz", handle_healthz,
             http::describe("Liveness", "platform", false, nullptr,
                            {{200, "Alive", s::object({{"status", s::string()}})}}));
  router.add(
      Method::get, "/readyz", [&ctx](Request& r) { return handle_readyz(ctx, r); },
      http::describe("Readiness: the database answers and the instance is not draining", "platform",
                     false, nullptr,
                     {{200, "Ready", s::any_object()}, {503, "Not ready", s::any_object()}}));
  router.add(Method::get, "/metrics", handle_metrics, text_doc("Prometheus metrics"));
  router.add(
      Method::get, "/openapi.json", [&ctx](Request& r) { return handle_openapi(ctx, r); },
      http::describe("This document", "platform", false, nullptr,
                     {{200, "OpenAPI 3 document", s::any_object()}}));
  router.add(
      Method::get, "/docs", [](Request& r) { return handle_page(kSwaggerPage, r); },
      text_doc("Swagger UI"));
  router.add(
      Method::get, "/redoc", [](Request& r) { return handle_page(kRedocPage, r); },
      text_doc("ReDoc"));
  router.add(
      Method::get, "/docs/assets/{file}", [&ctx](Request& r) { return handle_asset(ctx, r); },
      text_doc("Static files of the documentation pages"));
}

}  // namespace tandem::faces::system
