#include "faces/kpi/session_routes.hpp"

#include "faces/kpi/kpi_errors.hpp"
#include "faces/kpi/kpi_handler.hpp"
#include "faces/kpi/kpi_json.hpp"
#include "faces/kpi/kpi_render.hpp"
#include "faces/kpi/kpi_request.hpp"
#include "faces/kpi/kpi_schemas.hpp"
#include "platform/http/openapi.hpp"

namespace tandem::faces::kpi {

namespace json = boost::json;
using domain::identity::TokenType;
using domain::kpi::LoginRefusal;
using http::Request;
using http::Response;

namespace {

boost::asio::awaitable<Response> handle_login(KpiContext& ctx, Request& req) {
  auto parsed = read_body_object(req);
  if (auto* bad = std::get_if<Response>(&parsed)) co_return std::move(*bad);
  FieldReader fields(std::get<json::object>(parsed));
  domain::kpi::LoginRequest in;
  auto email = fields.required_string("email");
  in.password = fields.optional_string("password");
  if (fields.failed()) co_return fields.error();
  in.email = std::move(*email);
  in.client_address = req.remote_address;

  auto result = co_await ctx.kpi.login(std::move(in));
  if (auto* refusal = std::get_if<LoginRefusal>(&result)) {
    switch (refusal->kind) {
      case LoginRefusal::not_found:
        co_return message(404, "User Not Found");
      case LoginRefusal::inactive:
        co_return message(403, "User is not active. Unauthorized Access");
      case LoginRefusal::rate_limited: {
        Response res = message(429, "Too many login attempts, try again later");
        res.set_header("Retry-After", std::to_string(refusal->retry_after_seconds));
        co_return res;
      }
      case LoginRefusal::invalid_credentials:
        break;
    }
    co_return message(401, "Invalid credentials");
  }
  const auto& [user, email_only] = std::get<domain::kpi::LoginSuccess>(result);
  // The original's claims besides the shared ones; its `sub` was the integer id, which the shared
  // token service replaces with the uuid (design.md), so the id travels as `user_id`.
  json::object claims;
  claims["fresh"] = false;
  claims["user_id"] = user.id;
  if (email_only) claims[domain::identity::kEmailOnlyClaim] = true;
  auto token = ctx.identity.tokens().issue(user, TokenType::access, std::move(claims));
  json::object body;
  body["access_token"] = token.token;
  body["user"] = render_user(user);
  co_return json_response(200, body);
}

boost::asio::awaitable<Response> handle_logout(KpiContext& ctx, Request& req, Call&) {
  auto token = std::get<std::string_view>(bearer_token(req));
  co_await ctx.identity.revoke_token(token, TokenType::access);
  co_return msg(200, "JWT revoked");
}

}  // namespace

void add_session_routes(http::Router& router, KpiContext& ctx) {
  using http::Method;
  router.add(
      Method::post, "/login", [&ctx](Request& r) { return handle_login(ctx, r); },
      http::describe("Log in by email (password required when the user has one)", "kpi", false,
                     schemas::login_request(),
                     {{200, "Token and user",
                       http::schema::object({{"access_token", http::schema::string()},
                                             {"user", schemas::user(false)}})},
                      {401, "Invalid credentials", schemas::message()},
                      {403, "User is not active", schemas::message()},
                      {404, "User Not Found", schemas::message()}}));
  for (auto method : {Method::delete_, Method::post}) {
    add_route(router, ctx, method, "/logout", Body::none, handle_logout,
              http::describe("Revoke the presented access token", "kpi", true, nullptr,
                             {{200, "JWT revoked", schemas::msg()}}));
  }
}

}  // namespace tandem::faces::kpi
