#include "faces/kpi/user_routes.hpp"

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
using domain::kpi::UserLookupFailure;
using domain::kpi::UserWithCircles;
using http::Request;
using http::Response;
using platform::render_each;

namespace {

constexpr std::string_view kUserNotFound = "User Not Found";

boost::asio::awaitable<Response> handle_get(KpiContext& ctx, Request& req, Call& call) {
  auto id = path_id(req, "user_id");
  if (!id) co_return message(404, kUserNotFound);
  auto result = co_await ctx.kpi.user(*id, call.caller());
  if (auto* failure = std::get_if<UserLookupFailure>(&result)) {
    // The target user's state, not the caller's (§2.4).
    if (*failure == UserLookupFailure::inactive)
      co_return message(403, "User is not active. Unauthorized Access");
    co_return message(404, kUserNotFound);
  }
  json::object body;
  body["user"] = render_user(std::get<UserWithCircles>(result));
  co_return json_response(200, body);
}

boost::asio::awaitable<Response> handle_list(KpiContext& ctx, Request&, Call& call) {
  auto users = co_await ctx.kpi.users(call.caller());
  // render_user is overloaded (with and without circles), hence the lambda.
  auto out = render_each(users, [](const UserWithCircles& u) { return render_user(u); });
  co_return json_response(200, out);  // a bare array, as the original
}

}  // namespace

void add_user_routes(http::Router& router, KpiContext& ctx) {
  using http::Method;
  add_route(router, ctx, Method::get, "/users", Body::none, handle_list,
            http::describe("Every user with their circles", "kpi", true, nullptr,
                           {{200, "Users by id", http::schema::array_of(schemas::user(true))}}));
  add_route(router, ctx, Method::get, "/users/{user_id:int}", Body::none, handle_get,
            http::describe("One user with their circles", "kpi", true, nullptr,
                           {{200, "The user", schemas::wrapped("user", schemas::user(true))},
                            {403, "The user is not active", schemas::message()},
                            {404, "User Not Found", schemas::message()}}));
}

}  // namespace tandem::faces::kpi
