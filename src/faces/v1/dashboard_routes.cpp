#include "faces/v1/dashboard_routes.hpp"

#include "faces/v1/python_json.hpp"
#include "faces/v1/v1_handler.hpp"
#include "faces/v1/work_render.hpp"
#include "faces/v1/work_request.hpp"
#include "faces/v1/work_schemas.hpp"
#include "platform/http/openapi.hpp"

namespace tandem::faces::v1 {

using http::Request;
using http::Response;

namespace {

boost::asio::awaitable<Response> handle_dashboard(V1Context& ctx, Request&, Call& call) {
  auto actor = actor_of(call.principal);
  auto dashboard = co_await ctx.work.reports().dashboard(actor);
  co_return python_json_response(200, render_dashboard(dashboard));
}

}  // namespace

void add_dashboard_routes(http::Router& router, V1Context& ctx) {
  add_route(router, ctx, http::Method::get, "/api/v1/dashboard/", kAuthenticated, handle_dashboard,
            http::describe("Projects, tasks, stats, recent tasks, progress and notifications",
                           "dashboard", true, nullptr,
                           {{200, "The dashboard", schemas::dashboard_response()}}));
}

}  // namespace tandem::faces::v1
