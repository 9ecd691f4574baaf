#include "faces/v1/project_routes.hpp"

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
using domain::work::ProjectFailure;
using http::Request;
using http::Response;
using platform::render_each;

namespace {

constexpr Prologue kAdminBody{.access = Access::admin, .body = true};
constexpr Prologue kProject{.path_uuids = {"project_id"}};
constexpr Prologue kProjectBody{.path_uuids = {"project_id"}, .body = true};
constexpr Prologue kAdminProject{.access = Access::admin, .path_uuids = {"project_id"}};
constexpr Prologue kAdminMember{.access = Access::admin, .path_uuids = {"project_id", "user_id"}};

boost::asio::awaitable<Response> handle_create(V1Context& ctx, Request&, Call& call) {
  ValidationErrors& errors = call.errors;
  domain::work::ProjectInput input;
  if (auto* obj = call.body()) {
    // `status` is not accepted: a new project is always pending.
    input.name = required_string(*obj, "name", errors).value_or("");
    input.description = optional_string(*obj, "description", errors).value;
    input.deadline = optional_date(*obj, "deadline", errors).value;
  }
  if (!errors.empty()) co_return errors.response();
  auto actor = actor_of(call.principal);
  auto result = co_await ctx.work.projects().create(actor, std::move(input));
  if (std::holds_alternative<ProjectFailure>(result)) co_return admin_required();
  // The object (README) plus the original's message.
  auto body = render_project(std::get<store::ProjectRecord>(result));
  body["message"] = "Project Created";
  co_return Response::json(201, body);
}

boost::asio::awaitable<Response> handle_list(V1Context& ctx, Request& req, Call& call) {
  ValidationErrors& errors = call.errors;
  domain::work::ProjectQuery query;
  query.skip = query_non_negative_int(req, "skip", 0, errors);
  query.limit = query_non_negative_int(req, "limit", 100, errors);
  if (!errors.empty()) co_return errors.response();
  // `status_filter` is the original's name; `status` is the README's and the client's.
  query.status = query_filter(req, "status_filter");
  if (query.status.empty()) query.status = query_filter(req, "status");
  if (!query.status.empty() && !is_one_of(query.status, kProjectStatuses))
    co_return Response::json_text(200, "[]");  // no project has an unknown status
  query.text = query_filter(req, "query");
  auto actor = actor_of(call.principal);
  auto projects = co_await ctx.work.projects().list(actor, query);
  co_return Response::json(200, render_each(projects, render_project));
}

boost::asio::awaitable<Response> handle_get(V1Context& ctx, Request&, Call& call) {
  auto actor = actor_of(call.principal);
  auto project = co_await ctx.work.projects().find_visible(actor, call.id());
  if (!project) co_return detail(404, "Project not found or access denied");
  co_return Response::json(200, render_project(*project));
}

boost::asio::awaitable<Response> handle_update(V1Context& ctx, Request&, Call& call) {
  ValidationErrors& errors = call.errors;
  domain::work::ProjectChanges changes;
  if (auto* obj = call.body()) {
    // Keys present are applied; name and status cannot be nulled (a fix: the original 500s).
    auto name = optional_string(*obj, "name", errors, false);
    if (name.value) changes.name = std::move(name.value);
    auto description = optional_string(*obj, "description", errors);
    if (description.present) changes.description = std::move(description.value);
    auto deadline = optional_date(*obj, "deadline", errors);
    if (deadline.present) changes.deadline = std::move(deadline.value);
    auto status = optional_enum(*obj, "status", kProjectStatuses, false, errors);
    if (status.value) changes.status = std::move(status.value);
  }
  if (!errors.empty()) co_return errors.response();
  auto actor = actor_of(call.principal);
  auto result = co_await ctx.work.projects().update(actor, call.id(), std::move(changes));
  if (auto* failure = std::get_if<ProjectFailure>(&result)) {
    if (*failure == ProjectFailure::not_found) co_return detail(404, "Project not found");
    co_return detail(403, "You are not authorized to update this project");
  }
  co_return Response::json(200, render_project(std::get<store::ProjectRecord>(result)));
}

boost::asio::awaitable<Response> handle_delete(V1Context& ctx, Request&, Call& call) {
  auto actor = actor_of(call.principal);
  auto failure = co_await ctx.work.projects().remove(actor, call.id());
  if (failure == ProjectFailure::not_found) co_return detail(404, "Project not found");
  if (failure) co_return admin_required();
  co_return Response::no_content(204);
}

boost::asio::awaitable<Response> handle_progress(V1Context& ctx, Request&, Call& call) {
  auto actor = actor_of(call.principal);
  auto report = co_await ctx.work.reports().project_progress(actor, call.id());
  if (!report) co_return detail(404, "Project not found or access denied");
  json::object body;
  append_progress(body, report->progress, EmptyPercentage::integer_zero);
  // Superset: the client's project page reads `progress`.
  json::value percentage = body.at("progress_percentage");
  body["progress"] = std::move(percentage);
  co_return python_json_response(200, body);
}

// Both membership routes: admin only, two path ids, the same 404.
boost::asio::awaitable<Response> handle_membership(V1Context& ctx, Call& call, bool add) {
  auto actor = actor_of(call.principal);
  const auto& project_id = call.ids[0];
  const auto& user_id = call.ids[1];
  std::optional<ProjectFailure> failure;
  if (add) {
    auto outcome = co_await ctx.work.projects().add_member(actor, project_id, user_id);
    failure = outcome;
  } else {
    auto outcome = co_await ctx.work.projects().remove_member(actor, project_id, user_id);
    failure = outcome;
  }
  if (failure == ProjectFailure::not_admin) co_return admin_required();
  if (failure) co_return detail(404, "Project or user not found");
  if (!add) co_return Response::no_content(204);
  json::object body;
  body["message"] = "Member added to project";
  co_return Response::json(201, body);
}

boost::asio::awaitable<Response> handle_add_member(V1Context& ctx, Request&, Call& call) {
  auto response = co_await handle_membership(ctx, call, true);
  co_return response;
}

boost::asio::awaitable<Response> handle_remove_member(V1Context& ctx, Request&, Call& call) {
  auto response = co_await handle_membership(ctx, call, false);
  co_return response;
}

boost::asio::awaitable<Response> handle_members(V1Context& ctx, Request& req, Call& call) {
  auto actor = actor_of(call.principal);
  auto search = query_filter(req, "search");
  auto result = co_await ctx.work.projects().members(actor, call.id(), search);
  if (std::holds_alternative<ProjectFailure>(result)) co_return detail(403, "Access denied");
  const auto& members = std::get<std::vector<store::MemberRecord>>(result);
  co_return Response::json(200, render_each(members, render_member));
}

}  // namespace

void add_project_routes(http::Router& router, V1Context& ctx) {
  using http::Method;
  namespace s = http::schema;
  auto project = schemas::project_response();
  auto error = schemas::detail_error();
  add_route(router, ctx, Method::post, "/api/v1/projects/", kAdminBody, handle_create,
            http::describe("Create a project (admin)", "projects", true,
                           schemas::project_create_request(),
                           {{201, "The project plus message \"Project Created\"",
                             schemas::project_created_response()}}));
  add_route(router, ctx, Method::get, "/api/v1/projects/", kAuthenticated, handle_list,
            http::describe("List projects (admins: all; members: their projects)", "projects", true,
                           nullptr, {{200, "Projects in creation order", s::array_of(project)}},
                           {{"skip", s::integer()},
                            {"limit", s::integer()},
                            {"status_filter", schemas::project_status()},
                            {"status", schemas::project_status()},
                            {"query", s::string()}}));
  add_route(
      router, ctx, Method::get, "/api/v1/projects/{project_id}", kProject, handle_get,
      http::describe("Get a project (admin or member)", "projects", true, nullptr,
                     {{200, "The project", project}, {404, "Not found or access denied", error}}));
  add_route(router, ctx, Method::put, "/api/v1/projects/{project_id}", kProjectBody, handle_update,
            http::describe("Update a project (admin or member)", "projects", true,
                           schemas::project_update_request(),
                           {{200, "The updated project", project},
                            {403, "Not authorized", error},
                            {404, "Not found", error}}));
  add_route(router, ctx, Method::delete_, "/api/v1/projects/{project_id}", kAdminProject,
            handle_delete,
            http::describe("Delete a project with its tasks (admin)", "projects", true, nullptr,
                           {{204, "Deleted", nullptr}, {404, "Not found", error}}));
  add_route(
      router, ctx, Method::get, "/api/v1/projects/{project_id}/progress", kProject, handle_progress,
      http::describe("Task progress of a project (admin or member)", "projects", true, nullptr,
                     {{200, "Counts and percentage", schemas::progress_response()},
                      {404, "Not found or access denied", error}}));
  add_route(router, ctx, Method::post, "/api/v1/projects/{project_id}/members/{user_id}",
            kAdminMember, handle_add_member,
            http::describe("Add a member (admin, idempotent)", "projects", true, nullptr,
                           {{201, "Added", schemas::message_response()},
                            {404, "Project or user not found", error}}));
  add_route(router, ctx, Method::delete_, "/api/v1/projects/{project_id}/members/{user_id}",
            kAdminMember, handle_remove_member,
            http::describe("Remove a member (admin, idempotent)", "projects", true, nullptr,
                           {{204, "Removed", nullptr}, {404, "Project or user not found", error}}));
  add_route(
      router, ctx, Method::get, "/api/v1/projects/{project_id}/members", kProject, handle_members,
      http::describe(
          "List members (admin or member)", "projects", true, nullptr,
          {{200, "Members in the order they were added", s::array_of(schemas::member_brief())},
           {403, "Access denied", error}},
          {{"search", s::string()}}));
}

}  // namespace tandem::faces::v1
