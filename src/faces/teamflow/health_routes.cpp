#include "faces/teamflow/health_routes.hpp"

#include <boost/json.hpp>

#include "faces/teamflow/teamflow_render.hpp"
#include "faces/teamflow/teamflow_schemas.hpp"
#include "platform/clock.hpp"
#include "platform/flask_json.hpp"
#include "platform/http/openapi.hpp"

namespace tandem::faces::teamflow {

using http::Request;
using http::Response;

namespace {

boost::asio::awaitable<Response> handle_health(TeamflowContext& ctx, Request&) {
  auto available = co_await ctx.board.database_available();
  boost::json::object body;
  body["database"] = available ? "connected" : "disconnected";
  body["status"] = available ? "healthy" : "unhealthy";
  body["timestamp"] = naive_utc_timestamp(platform::Clock::instance().now_micros());
  Response res = http::flask_json_response(available ? 200 : 503, body);
  if (!available) res.set_header("Retry-After", "1");
  co_return res;
}

}  // namespace

void add_health_routes(http::Router& router, TeamflowContext& ctx) {
  router.add(
      http::Method::get, "/api/health", [&ctx](Request& r) { return handle_health(ctx, r); },
      http::describe("Health: the database answers", "teamflow", false, nullptr,
                     {{200, "healthy", schemas::health()}, {503, "unhealthy", schemas::health()}}));
}

}  // namespace tandem::faces::teamflow
