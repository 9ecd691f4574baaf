#include "faces/schemes/session_routes.hpp"

#include <boost/json.hpp>
#include <optional>

#include "faces/schemes/schemes_auth.hpp"
#include "faces/schemes/schemes_envelope.hpp"
#include "faces/schemes/schemes_errors.hpp"
#include "faces/schemes/schemes_request.hpp"
#include "faces/schemes/schemes_schemas.hpp"
#include "platform/http/openapi.hpp"

namespace tandem::faces::schemes {

namespace json = boost::json;
using domain::identity::LoginFailure;
using domain::identity::TokenType;
using http::Request;
using http::Response;

namespace {

// The original login's default payload projection (§3.1).
json::array default_login_projection() {
  return json::array{"username", json::object{{"roles", json::array{"role", "id"}}},
                     "profile_picture"};
}

bool blank(std::string_view body) {
  return body.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// A login or probe body: a JSON object, and the projection it asks for under one key.
struct ProjectionBody {
  json::object fields;
  std::optional<json::array> projection;  // the key absent or null: nullopt
};

// The request's body with its projection under `key`, or the [Validation Error] to answer with.
std::variant<ProjectionBody, Response> read_projection_body(const Request& req,
                                                            std::string_view key) {
  auto body = read_json_body(req);
  if (auto* problem = std::get_if<std::string>(&body))
    return render_catalog_error(validation_error(*problem), Verb::read, {});
  auto& value = std::get<json::value>(body);
  if (!value.is_object())
    return render_catalog_error(validation_error("_schema: Invalid input type."), Verb::read, {});
  ProjectionBody read{std::move(value.get_object()), std::nullopt};
  const auto* projection = read.fields.if_contains(key);
  if (projection != nullptr && !projection->is_null()) {
    if (!projection->is_array())
      return render_catalog_error(validation_error(std::string(key) + ": Not a valid list."),
                                  Verb::read, {});
    read.projection = projection->get_array();
  }
  return read;
}

// The caller's row projected by `requested`, or the error envelope (a non-readable field is an
// [Exception Error], issue decision 7).
boost::asio::awaitable<std::variant<json::object, Response>> project(
    SchemesContext& ctx, const domain::catalog::Caller& caller, const json::array& requested) {
  std::optional<CatalogError> failure;
  json::object projection;
  try {
    auto row = co_await ctx.catalog.project_user(caller, requested);
    projection = std::move(row);
  } catch (const CatalogError& e) {
    failure = e;
  }
  if (failure) co_return render_catalog_error(*failure, Verb::read, {});
  co_return std::move(projection);
}

boost::asio::awaitable<Response> handle_probe(SchemesContext& ctx, Request& req) {
  auto auth = co_await authenticate(ctx, req);
  if (auto* refused = std::get_if<AuthRefusal>(&auth)) {
    if (refused->status == 401) co_return envelope(401, "user not authenticated");
    co_return refusal_response(*refused);
  }
  const auto& call = std::get<SchemesCall>(auth);
  // The client probes with {} or with requested_data; a bodiless GET is a probe too.
  std::optional<json::array> requested;
  if (!blank(req.body)) {
    auto body = read_projection_body(req, "requested_data");
    if (auto* refused = std::get_if<Response>(&body)) co_return std::move(*refused);
    requested = std::move(std::get<ProjectionBody>(body).projection);
  }
  if (!requested || requested->empty()) co_return envelope(200, "user is authenticated.");
  auto projected = co_await project(ctx, call.caller, *requested);
  if (auto* error = std::get_if<Response>(&projected)) co_return std::move(*error);
  json::array out;
  out.emplace_back(std::move(std::get<json::object>(projected)));
  co_return envelope(200, "user is authenticated.", std::move(out));
}

Response incorrect_login() {
  return envelope(401, "incorrect login", "Invalid email or password.");
}

boost::asio::awaitable<Response> handle_login(SchemesContext& ctx, Request& req) {
  auto body = read_projection_body(req, "request_info");
  if (auto* refused = std::get_if<Response>(&body)) co_return std::move(*refused);
  const auto& read = std::get<ProjectionBody>(body);
  json::array projection = read.projection.value_or(default_login_projection());
  // Missing or non-string credentials fail like wrong ones: the reason is not revealed (§3.3).
  const auto* email = read.fields.if_contains("email");
  const auto* password = read.fields.if_contains("password");
  if (email == nullptr || password == nullptr || !email->is_string() || !password->is_string())
    co_return incorrect_login();

  domain::identity::LoginInput login;
  login.key = domain::identity::LoginKey::email;
  login.identifier = std::string(email->get_string());
  login.password = std::string(password->get_string());
  login.client_address = req.remote_address;
  auto result = co_await ctx.identity.login(std::move(login));
  if (auto* failure = std::get_if<LoginFailure>(&result)) {
    if (failure->kind == LoginFailure::rate_limited) {
      Response res = envelope(429, "Too many login attempts, try again later.");
      res.set_header("Retry-After", std::to_string(failure->retry_after_seconds));
      co_return res;
    }
    co_return incorrect_login();
  }
  const auto& user = std::get<store::UserRecord>(result);
  domain::catalog::Caller caller{user.id, user.has_role(domain::identity::kAdminRole)};
  // The payload first: a refused projection issues no token.
  auto projected = co_await project(ctx, caller, projection);
  if (auto* error = std::get_if<Response>(&projected)) co_return std::move(*error);

  json::object claims;
  claims["user_id"] = user.id;
  auto token = ctx.identity.tokens().issue(user, TokenType::access, std::move(claims),
                                           ctx.settings.token_ttl_seconds);
  json::object item;
  item["payload"] = std::move(std::get<json::object>(projected));
  item["token"] = token.token;
  json::array out;
  out.emplace_back(std::move(item));
  Response res = envelope(200, "user login!", std::move(out));
  res.add_header("Set-Cookie", session_cookie(token.token, ctx.settings.token_ttl_seconds,
                                              ctx.settings.secure_cookies));
  co_return res;
}

boost::asio::awaitable<Response> handle_logout(SchemesContext& ctx, Request& req) {
  auto auth = co_await authenticate(ctx, req);
  if (auto* refused = std::get_if<AuthRefusal>(&auth)) {
    Response res = refusal_response(*refused);
    // A dead session cookie goes too; a refused origin changes nothing (no cross-site logout).
    if (refused->status == 401)
      res.add_header("Set-Cookie", cleared_session_cookie(ctx.settings.secure_cookies));
    co_return res;
  }
  const auto& call = std::get<SchemesCall>(auth);
  co_await ctx.identity.revoke_token(call.credential.token, TokenType::access);
  // The cookie is cleared below; a different token in it must not outlive the logout either.
  auto cookie = req.cookie(kSessionCookie);
  if (cookie && !cookie->empty() && *cookie != call.credential.token)
    co_await ctx.identity.revoke_token(*cookie, TokenType::access);
  Response res = envelope(200, "User logged out");
  res.add_header("Set-Cookie", cleared_session_cookie(ctx.settings.secure_cookies));
  co_return res;
}

}  // namespace

void add_session_routes(http::Router& router, SchemesContext& ctx) {
  using http::Method;
  const std::string tag = "schemes";
  auto plain = schemas::plain_envelope();
  for (auto method : {Method::get, Method::post}) {
    router.add(
        method, "/api", [&ctx](Request& r) { return handle_probe(ctx, r); },
        http::describe(
            "Session probe: the caller, projected by requested_data", tag, true,
            method == Method::post ? schemas::probe_request() : json::value(),
            {{200, "user is authenticated.", schemas::envelope(http::schema::any_object())},
             {401, "user not authenticated", plain}}));
  }
  router.add(
      Method::post, "/api/login", [&ctx](Request& r) { return handle_login(ctx, r); },
      http::describe("Log in by email and password: a token in the body and the session cookie",
                     tag, false, schemas::login_request(),
                     {{200, "user login!", schemas::envelope(schemas::login_item())},
                      {400, "[Validation Error]", plain},
                      {401, "incorrect login", plain},
                      {429, "Too many failed attempts", plain}}));
  router.add(
      Method::post, "/api/logout", [&ctx](Request& r) { return handle_logout(ctx, r); },
      http::describe("Revoke the presented token and clear the session cookie", tag, true, nullptr,
                     {{200, "User logged out", plain}, {401, "Token missing or invalid", plain}}));
}

}  // namespace tandem::faces::schemes
