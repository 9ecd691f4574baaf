#include "faces/v1/auth_routes.hpp"

#include "faces/v1/v1_auth.hpp"
#include "faces/v1/v1_errors.hpp"
#include "faces/v1/v1_render.hpp"
#include "faces/v1/v1_request.hpp"
#include "faces/v1/v1_schemas.hpp"
#include "platform/http/openapi.hpp"

namespace tandem::faces::v1 {

namespace json = boost::json;
using domain::identity::TokenType;
using http::Request;
using http::Response;

namespace {

// AuthResponse plus the refresh cookie (register and login).
Response auth_response(V1Context& ctx, int status, const store::UserRecord& user) {
  auto& tokens = ctx.identity.tokens();
  auto access = tokens.issue(user, TokenType::access, v1_claims(user));
  auto refresh = tokens.issue(user, TokenType::refresh, v1_claims(user));
  json::object u;
  u["id"] = user.uuid;  // superset: clients need it for the WebSocket URL
  u["name"] = user.name.value_or("");
  u["email"] = user.email.value_or("");
  u["role"] = v1_role(user);
  json::object body;
  body["access_token"] = access.token;
  body["token_type"] = "bearer";
  body["user"] = std::move(u);
  Response res = Response::json(status, body);
  res.add_header("Set-Cookie", refresh_cookie(refresh.token, tokens.settings().refresh_ttl_seconds,
                                              ctx.settings.secure_cookies));
  return res;
}

boost::asio::awaitable<Response> handle_register(V1Context& ctx, Request& req) {
  auto parsed = read_json_body(req);
  if (auto* early = std::get_if<Response>(&parsed)) co_return std::move(*early);
  ValidationErrors errors;
  std::optional<std::string> name, email, password;
  if (auto* obj = body_object(std::get<JsonBody>(parsed), errors)) {
    name = required_string(*obj, "name", errors);
    email = required_email(*obj, "email", errors);
    password = required_string(*obj, "password", errors);
  }
  if (!errors.empty()) co_return errors.response();

  domain::identity::RegisterInput in;
  in.name = name;
  in.email = email;
  in.password = password;
  in.first_user_becomes_admin = true;
  auto result = co_await ctx.identity.register_user(std::move(in));
  if (std::holds_alternative<domain::identity::RegisterFailure>(result))
    co_return detail(400, "Email already registered");
  co_return auth_response(ctx, 201, std::get<store::UserRecord>(result));
}

boost::asio::awaitable<Response> handle_login(V1Context& ctx, Request& req) {
  auto parsed = read_json_body(req);
  if (auto* early = std::get_if<Response>(&parsed)) co_return std::move(*early);
  ValidationErrors errors;
  std::optional<std::string> email, password;
  if (auto* obj = body_object(std::get<JsonBody>(parsed), errors)) {
    email = required_email(*obj, "email", errors);
    password = required_string(*obj, "password", errors);
  }
  if (!errors.empty()) co_return errors.response();

  domain::identity::LoginInput in;
  in.key = domain::identity::LoginKey::email;
  in.identifier = *email;
  in.password = *password;
  in.client_address = req.remote_address;
  auto result = co_await ctx.identity.login(std::move(in));
  if (auto* failure = std::get_if<domain::identity::LoginFailure>(&result)) {
    if (failure->kind == domain::identity::LoginFailure::rate_limited) {
      Response res = detail(429, "Too many login attempts, try again later");
      res.set_header("Retry-After", std::to_string(failure->retry_after_seconds));
      co_return res;
    }
    Response res = detail(401, "Incorrect email or password");
    res.set_header("WWW-Authenticate", "Bearer");
    co_return res;
  }
  co_return auth_response(ctx, 200, std::get<store::UserRecord>(result));
}

boost::asio::awaitable<Response> handle_refresh(V1Context& ctx, Request& req) {
  auto cookie = req.cookie("refresh_token");
  if (!cookie || cookie->empty()) co_return detail(401, "Refresh token missing");
  auto result = co_await ctx.identity.check_refresh(*cookie);
  if (std::holds_alternative<domain::identity::AuthFailure>(result))
    co_return detail(401, "Invalid refresh token");
  const auto& user = std::get<store::UserRecord>(result);
  auto access = ctx.identity.tokens().issue(user, TokenType::access, v1_claims(user));
  json::object body;
  body["access_token"] = access.token;
  body["token_type"] = "bearer";
  co_return Response::json(200, body);
}

boost::asio::awaitable<Response> handle_logout(V1Context& ctx, Request& req) {
  if (auto cookie = req.cookie("refresh_token"); cookie && !cookie->empty()) {
    co_await ctx.identity.revoke_token(*cookie, TokenType::refresh);
  }
  Response res = Response::no_content(204);
  res.add_header("Set-Cookie", expired_refresh_cookie(ctx.settings.secure_cookies));
  co_return res;
}

}  // namespace

void add_auth_routes(http::Router& router, V1Context& ctx) {
  using http::Method;
  router.add(
      Method::post, "/api/v1/auth/register", [&ctx](Request& r) { return handle_register(ctx, r); },
      http::describe("Register a user (the first user of an empty database becomes admin)", "auth",
                     false, schemas::register_request(),
                     {{201, "Registered", schemas::auth_response()}}));
  router.add(
      Method::post, "/api/v1/auth/login", [&ctx](Request& r) { return handle_login(ctx, r); },
      http::describe("Log in with email and password", "auth", false, schemas::login_request(),
                     {{200, "Logged in", schemas::auth_response()}}));
  router.add(
      Method::post, "/api/v1/auth/refresh", [&ctx](Request& r) { return handle_refresh(ctx, r); },
      http::describe("New access token from the refresh_token cookie", "auth", false, nullptr,
                     {{200, "Refreshed", schemas::token_response()}}));
  router.add(
      Method::post, "/api/v1/auth/logout", [&ctx](Request& r) { return handle_logout(ctx, r); },
      http::describe("Clear and revoke the refresh cookie", "auth", false, nullptr,
                     {{204, "Logged out", nullptr}}));
}

}  // namespace tandem::faces::v1
