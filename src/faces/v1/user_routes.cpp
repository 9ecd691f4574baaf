#include "faces/v1/user_routes.hpp"

#include "faces/v1/v1_errors.hpp"
#include "faces/v1/v1_handler.hpp"
#include "faces/v1/v1_render.hpp"
#include "faces/v1/v1_schemas.hpp"
#include "platform/http/openapi.hpp"

namespace tandem::faces::v1 {

using http::Request;
using http::Response;

namespace {

const std::vector<std::string_view> kRoles = {"admin", "member"};
constexpr Prologue kUser{.access = Access::admin, .path_uuids = {"user_id"}};
constexpr Prologue kUserBody{.access = Access::admin, .path_uuids = {"user_id"}, .body = true};

boost::asio::awaitable<Response> handle_me(V1Context& ctx, Request&, Call& call) {
  // The profile is read afresh rather than from authentication's short cache: this answer is
  // never older than the last commit, on any instance.
  auto current = co_await ctx.identity.current_user(call.principal.user.uuid);
  auto* user = std::get_if<store::UserRecord>(&current);
  if (!user) co_return credentials_refused();
  co_return Response::json_text(200, render_user(*user));
}

boost::asio::awaitable<Response> handle_list(V1Context& ctx, Request& req, Call& call) {
  ValidationErrors& errors = call.errors;
  store::UserListFilter filter;
  filter.skip = query_non_negative_int(req, "skip", 0, errors);
  filter.limit = query_non_negative_int(req, "limit", 100, errors);
  if (!errors.empty()) co_return errors.response();
  filter.search = query_filter(req, "search");
  std::string role = query_filter(req, "role");
  if (role == "admin") {
    filter.with_role = "admin";
  } else if (role == "member") {
    filter.without_role = "admin";
  } else if (!role.empty()) {
    co_return Response::json_text(200, "[]");  // no user holds an unknown role
  }
  auto users = co_await ctx.identity.list_users(filter);
  co_return Response::json_text(200, render_users(users));
}

boost::asio::awaitable<Response> handle_get(V1Context& ctx, Request&, Call& call) {
  auto user = co_await ctx.identity.find_user(call.id());
  if (!user) co_return detail(404, "User not found");
  co_return Response::json_text(200, render_user(*user));
}

boost::asio::awaitable<Response> handle_update(V1Context& ctx, Request&, Call& call) {
  ValidationErrors& errors = call.errors;
  domain::identity::UserUpdate update;
  if (auto* obj = call.body()) {
    // A null means "leave unchanged" (the original checks for non-null values).
    update.name = optional_string(*obj, "name", errors).value;
    update.email = optional_email(*obj, "email", errors).value;
    auto role = optional_enum(*obj, "role", kRoles, true, errors);
    if (role.value) update.admin = *role.value == "admin";
    update.password = optional_string(*obj, "password", errors).value;
  }
  if (!errors.empty()) co_return errors.response();
  auto result = co_await ctx.identity.update_user(call.id(), std::move(update));
  if (auto* failure = std::get_if<domain::identity::UpdateFailure>(&result)) {
    if (*failure == domain::identity::UpdateFailure::email_taken)
      co_return detail(400, "Email already in use");
    co_return detail(404, "User not found");
  }
  co_return Response::json_text(200, render_user(std::get<store::UserRecord>(result)));
}

boost::asio::awaitable<Response> handle_delete(V1Context& ctx, Request&, Call& call) {
  auto outcome = co_await ctx.identity.delete_user(call.id());
  switch (outcome) {
    case domain::identity::DeleteOutcome::deleted:
      co_return Response::no_content(204);
    case domain::identity::DeleteOutcome::not_found:
      co_return detail(404, "User not found");
    case domain::identity::DeleteOutcome::owns_content:
      co_return detail(409, "User owns projects or tasks and cannot be deleted");
  }
  co_return detail(404, "User not found");
}

}  // namespace

void add_user_routes(http::Router& router, V1Context& ctx) {
  using http::Method;
  namespace s = http::schema;
  auto user = schemas::user_response();
  add_route(
      router, ctx, Method::get, "/api/v1/users/me", kAuthenticated, handle_me,
      http::describe("The caller's own user", "users", true, nullptr, {{200, "The user", user}}));
  add_route(router, ctx, Method::get, "/api/v1/users/", kAdmin, handle_list,
            http::describe("List users (admin)", "users", true, nullptr,
                           {{200, "Users in registration order", s::array_of(user)}},
                           {{"skip", s::integer()},
                            {"limit", s::integer()},
                            {"search", s::string()},
                            {"role", s::enumeration({"admin", "member"})}}));
  add_route(router, ctx, Method::get, "/api/v1/users/{user_id}", kUser, handle_get,
            http::describe("Get a user (admin)", "users", true, nullptr,
                           {{200, "The user", user}, {404, "Not found", schemas::detail_error()}}));
  add_route(router, ctx, Method::put, "/api/v1/users/{user_id}", kUserBody, handle_update,
            http::describe("Update a user (admin)", "users", true, schemas::user_update_request(),
                           {{200, "The updated user", user},
                            {400, "Email already in use", schemas::detail_error()},
                            {404, "Not found", schemas::detail_error()}}));
  add_route(router, ctx, Method::delete_, "/api/v1/users/{user_id}", kUser, handle_delete,
            http::describe("Delete a user (admin)", "users", true, nullptr,
                           {{204, "Deleted", nullptr},
                            {404, "Not found", schemas::detail_error()},
                            {409, "The user owns content", schemas::detail_error()}}));
}

}  // namespace tandem::faces::v1
