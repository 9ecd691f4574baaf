#include "faces/teamflow/auth_routes.hpp"

#include <boost/json.hpp>

#include "domain/board/board_rules.hpp"
#include "faces/teamflow/session.hpp"
#include "faces/teamflow/teamflow_errors.hpp"
#include "faces/teamflow/teamflow_request.hpp"
#include "faces/teamflow/teamflow_schemas.hpp"
#include "platform/flask_json.hpp"
#include "platform/http/openapi.hpp"

namespace tandem::faces::teamflow {

namespace json = boost::json;
using domain::identity::LoginFailure;
using domain::identity::RegisterFailure;
using http::Request;
using http::Response;

namespace {

constexpr std::string_view kRequired = "Username and password are required";
// The original's users.username was varchar(80); longer names were a 500 (§8.5).
constexpr std::size_t kMaxUsernameCharacters = 80;

struct Credentials {
  std::string username;
  std::string password;
};

// Both fields present and strings; the original checked presence only (§6).
std::variant<Credentials, Response> read_credentials(const Request& req) {
  auto body = read_json(req);
  if (!body) return error(400, kInvalidJson);
  if (!body->is_object()) return error(400, kRequired);
  auto username = string_field(body->get_object(), "username");
  auto password = string_field(body->get_object(), "password");
  if (!username.present || !password.present || username.is_null || password.is_null)
    return error(400, kRequired);
  if (!username.is_string || !password.is_string)
    return error(400, "Username and password must be strings");
  return Credentials{std::move(*username.value), std::move(*password.value)};
}

boost::asio::awaitable<Response> handle_signup(TeamflowContext& ctx, Request& req) {
  auto read = read_credentials(req);
  if (auto* bad = std::get_if<Response>(&read)) co_return std::move(*bad);
  auto& in = std::get<Credentials>(read);
  // New accounts need a name and a password; the original stored empty ones (§8.5, §8.8).
  if (in.username.empty() || in.password.empty()) co_return error(400, kRequired);
  if (domain::board::character_count(in.username) > kMaxUsernameCharacters)
    co_return error(400, "Username must be at most 80 characters");

  domain::identity::RegisterInput user;
  user.username = in.username;
  user.name = in.username;  // the v1 face shows a name
  user.password = std::move(in.password);
  auto result = co_await ctx.identity.register_user(std::move(user));
  // A concurrent signup of the same name lands on the unique index: 409 too (§8.6).
  if (std::holds_alternative<RegisterFailure>(result))
    co_return error(409, "Username already exists");
  auto body = session_body(ctx, std::get<store::UserRecord>(result));
  body["message"] = "User created successfully";
  co_return http::flask_json_response(201, body);
}

boost::asio::awaitable<Response> handle_login(TeamflowContext& ctx, Request& req) {
  auto read = read_credentials(req);
  if (auto* bad = std::get_if<Response>(&read)) co_return std::move(*bad);
  auto& in = std::get<Credentials>(read);
  domain::identity::LoginInput login;
  login.key = domain::identity::LoginKey::username;
  login.identifier = std::move(in.username);
  login.password = std::move(in.password);
  login.client_address = req.remote_address;
  // Unknown users cost a hash too and failures are rate limited (§8.7); Werkzeug hashes verify
  // and are rehashed (§8.8).
  auto result = co_await ctx.identity.login(std::move(login));
  if (auto* failure = std::get_if<LoginFailure>(&result)) {
    if (failure->kind == LoginFailure::rate_limited) {
      Response res = error(429, "Too many login attempts, try again later");
      res.set_header("Retry-After", std::to_string(failure->retry_after_seconds));
      co_return res;
    }
    co_return error(401, "Invalid username or password");
  }
  co_return http::flask_json_response(200, session_body(ctx, std::get<store::UserRecord>(result)));
}

}  // namespace

void add_auth_routes(http::Router& router, TeamflowContext& ctx) {
  using http::Method;
  router.add(
      Method::post, "/api/auth/signup", [&ctx](Request& r) { return handle_signup(ctx, r); },
      http::describe("Create an account and return a token", "teamflow", false,
                     schemas::credentials(),
                     {{201, "User created successfully", schemas::session(true)},
                      {400, "Username and password are required", schemas::error()},
                      {409, "Username already exists", schemas::error()}}));
  router.add(
      Method::post, "/api/auth/login", [&ctx](Request& r) { return handle_login(ctx, r); },
      http::describe("Log in by username and password", "teamflow", false, schemas::credentials(),
                     {{200, "Token and user", schemas::session(false)},
                      {400, "Username and password are required", schemas::error()},
                      {401, "Invalid username or password", schemas::error()},
                      {429, "Too many failed attempts", schemas::error()}}));
}

}  // namespace tandem::faces::teamflow
