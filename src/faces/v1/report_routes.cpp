#include "faces/v1/report_routes.hpp"

#include "faces/v1/python_json.hpp"
#include "faces/v1/v1_errors.hpp"
#include "faces/v1/v1_handler.hpp"
#include "faces/v1/v1_schemas.hpp"
#include "faces/v1/work_render.hpp"
#include "faces/v1/work_request.hpp"
#include "faces/v1/work_schemas.hpp"
#include "platform/http/openapi.hpp"
#include "platform/json_build.hpp"

namespace tandem::faces::v1 {

namespace json = boost::json;
using domain::work::ReportFailure;
using http::Request;
using http::Response;
using platform::render_each;

namespace {

constexpr Prologue kProject{.path_uuids = {"project_id"}};

boost::asio::awaitable<Response> handle_project_report(V1Context& ctx, Request&, Call& call) {
  auto actor = actor_of(call.principal);
  auto report = co_await ctx.work.reports().project_progress(actor, call.id());
  // Same access rule as GET /projects/{id}, but the original words this 404 differently.
  if (!report) co_return detail(404, "Project not found");
  co_return python_json_response(200, render_project_report(*report));
}

boost::asio::awaitable<Response> handle_team_performance(V1Context& ctx, Request&, Call& call) {
  auto actor = actor_of(call.principal);
  auto result = co_await ctx.work.reports().team_performance(actor);
  if (std::holds_alternative<ReportFailure>(result)) co_return admin_required();
  const auto& rows = std::get<std::vector<domain::work::TeamPerformanceRow>>(result);
  co_return python_json_response(200, render_each(rows, render_team_performance));
}

boost::asio::awaitable<Response> handle_workload(V1Context& ctx, Request&, Call& call) {
  auto actor = actor_of(call.principal);
  auto result = co_await ctx.work.reports().workload(actor);
  if (std::holds_alternative<ReportFailure>(result)) co_return admin_required();
  const auto& rows = std::get<std::vector<store::AssigneeCounts>>(result);
  co_return Response::json(200, render_each(rows, render_workload));
}

}  // namespace

void add_report_routes(http::Router& router, V1Context& ctx) {
  using http::Method;
  namespace s = http::schema;
  add_route(router, ctx, Method::get, "/api/v1/reports/project/{project_id}", kProject,
            handle_project_report,
            http::describe("Task report of a project (admin or member)", "reports", true, nullptr,
                           {{200, "Counts and percentage", schemas::project_report_response()},
                            {404, "Project not found", schemas::detail_error()}}));
  add_route(router, ctx, Method::get, "/api/v1/reports/team-performance", kAdmin,
            handle_team_performance,
            http::describe("Tasks and completion rate per user (admin)", "reports", true, nullptr,
                           {{200, "One row per user in registration order",
                             s::array_of(schemas::team_performance_row())}}));
  add_route(router, ctx, Method::get, "/api/v1/reports/workload", kAdmin, handle_workload,
            http::describe("Assigned tasks by priority per user (admin)", "reports", true, nullptr,
                           {{200, "One row per user in registration order",
                             s::array_of(schemas::workload_row())}}));
}

}  // namespace tandem::faces::v1
