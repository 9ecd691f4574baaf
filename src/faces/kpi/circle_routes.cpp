#include "faces/kpi/circle_routes.hpp"

#include "faces/kpi/kpi_errors.hpp"
#include "faces/kpi/kpi_handler.hpp"
#include "faces/kpi/kpi_json.hpp"
#include "faces/kpi/kpi_render.hpp"
#include "faces/kpi/kpi_request.hpp"
#include "faces/kpi/kpi_schemas.hpp"
#include "platform/http/openapi.hpp"
#include "platform/json_build.hpp"

namespace tandem::faces::kpi {

namespace json = boost::json;
using domain::kpi::CircleAddFailure;
using http::Request;
using http::Response;
using platform::render_each;

namespace {

constexpr std::string_view kCircleNotFound = "Circle Not Found.";

boost::asio::awaitable<Response> handle_list(KpiContext& ctx, Request&, Call&) {
  auto circles = co_await ctx.kpi.circles();
  // The client treats this 404 as "no circles yet"; kept for compatibility (§5.26).
  if (circles.empty()) co_return message(404, "Circles Not Found.");
  json::object body;
  body["circles"] = render_each(circles, render_circle);
  co_return json_response(200, body);
}

boost::asio::awaitable<Response> handle_get(KpiContext& ctx, Request& req, Call&) {
  auto id = path_id(req, "circle_id");
  if (!id) co_return message(404, kCircleNotFound);
  auto circle = co_await ctx.kpi.circle(*id);
  if (!circle) co_return message(404, kCircleNotFound);
  json::object body;
  body["circle"] = render_circle(*circle);
  co_return json_response(200, body);
}

boost::asio::awaitable<Response> handle_add(KpiContext& ctx, Request&, Call& call) {
  FieldReader fields(call.body);
  auto name = fields.required_string("name");
  if (fields.failed()) co_return fields.error();
  const auto& caller = call.caller();
  auto failure = co_await ctx.kpi.add_circle(caller, std::move(*name));
  if (failure == CircleAddFailure::not_gatekeeper)
    co_return message(403, "User is not a gatekeeper. Unauthorized Access");
  if (failure == CircleAddFailure::name_taken)
    co_return message(400, "Circle name already exists.");
  co_return message(201, "Circle added");
}

}  // namespace

void add_circle_routes(http::Router& router, KpiContext& ctx) {
  using http::Method;
  add_route(
      router, ctx, Method::get, "/circles", Body::none, handle_list,
      http::describe("Every circle", "kpi", true, nullptr,
                     {{200, "Circles by id",
                       schemas::wrapped("circles", http::schema::array_of(schemas::circle()))},
                      {404, "Circles Not Found. (there are none)", schemas::message()}}));
  add_route(router, ctx, Method::get, "/circles/{circle_id:int}", Body::none, handle_get,
            http::describe("One circle", "kpi", true, nullptr,
                           {{200, "The circle", schemas::wrapped("circle", schemas::circle())},
                            {404, "Circle Not Found.", schemas::message()}}));
  for (const char* path : {"/circles/add", "/circles"}) {
    add_route(
        router, ctx, Method::post, path, Body::object, handle_add,
        http::describe("Add a circle", "kpi", true, schemas::circle_request(),
                       {{201, "Circle added", schemas::message()},
                        {400, "Missing or taken name", schemas::message()},
                        {403, "Not a gatekeeper (TANDEM_KPI_STRICT_ROLES)", schemas::message()}}));
  }
}

}  // namespace tandem::faces::kpi
