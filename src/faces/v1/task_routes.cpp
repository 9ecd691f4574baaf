#include "faces/v1/task_routes.hpp"

#include "faces/v1/v1_errors.hpp"
#include "faces/v1/v1_handler.hpp"
#include "faces/v1/v1_schemas.hpp"
#include "faces/v1/work_render.hpp"
#include "faces/v1/work_request.hpp"
#include "faces/v1/work_schemas.hpp"
#include "platform/http/openapi.hpp"

namespace tandem::faces::v1 {

namespace json = boost::json;
using domain::work::TaskFailure;
using http::Request;
using http::Response;

namespace {

Response task_failure(TaskFailure failure) {
  switch (failure) {
    case TaskFailure::not_found_or_denied:
      return detail(404, "Task not found or access denied");
    case TaskFailure::not_project_member:
      return detail(403, "You are not a member of this project");
    case TaskFailure::assignee_not_member:
      return detail(400, "Assigned user is not a member of the project");
    case TaskFailure::project_not_found:
      return detail(404, "Project not found");
    case TaskFailure::reassign_forbidden:
      return detail(403, "Only admins can reassign tasks");
  }
  return detail(404, "Task not found or access denied");
}

constexpr Prologue kTask{.path_uuids = {"task_id"}};
constexpr Prologue kTaskBody{.path_uuids = {"task_id"}, .body = true};
constexpr Prologue kBody{.body = true};

Response task_result(int status, const std::variant<store::TaskRecord, TaskFailure>& result) {
  if (auto* failure = std::get_if<TaskFailure>(&result)) return task_failure(*failure);
  return Response::json(status, render_task(std::get<store::TaskRecord>(result)));
}

boost::asio::awaitable<Response> handle_create(V1Context& ctx, Request&, Call& call) {
  ValidationErrors& errors = call.errors;
  domain::work::TaskInput input;
  if (auto* obj = call.body()) {
    input.title = required_string(*obj, "title", errors).value_or("");
    input.description = optional_string(*obj, "description", errors).value;
    auto priority = optional_enum(*obj, "priority", kTaskPriorities, false, errors);
    if (priority.value) input.priority = std::move(*priority.value);
    auto status = optional_enum(*obj, "status", kTaskStatuses, false, errors);
    if (status.value) input.status = std::move(*status.value);
    input.deadline = optional_date(*obj, "deadline", errors).value;
    input.project_uuid = required_uuid(*obj, "project_id", errors).value_or("");
    input.assignee_uuid = optional_uuid(*obj, "assigned_to", errors).value;
  }
  if (!errors.empty()) co_return errors.response();
  auto actor = actor_of(call.principal);
  auto result = co_await ctx.work.tasks().create(actor, std::move(input));
  co_return task_result(201, result);
}

boost::asio::awaitable<Response> handle_list(V1Context& ctx, Request& req, Call& call) {
  ValidationErrors& errors = call.errors;
  domain::work::TaskQuery query;
  query.skip = query_non_negative_int(req, "skip", 0, errors);
  query.limit = query_non_negative_int(req, "limit", 100, errors);
  query.project_uuid = query_uuid(req, "project_id", errors);
  query.assignee_uuid = query_uuid(req, "assigned_to", errors);
  if (!errors.empty()) co_return errors.response();
  query.status = query_filter(req, "status");
  query.priority = query_filter(req, "priority");
  // No task has an unknown status or priority (the original 500s on the enum cast).
  if ((!query.status.empty() && !is_one_of(query.status, kTaskStatuses)) ||
      (!query.priority.empty() && !is_one_of(query.priority, kTaskPriorities)))
    co_return Response::json_text(200, "[]");
  auto actor = actor_of(call.principal);
  auto tasks = co_await ctx.work.tasks().list(actor, query);
  co_return Response::json(200, render_tasks(tasks));
}

boost::asio::awaitable<Response> handle_get(V1Context& ctx, Request&, Call& call) {
  auto actor = actor_of(call.principal);
  auto task = co_await ctx.work.tasks().find_visible(actor, call.id());
  if (!task) co_return task_failure(TaskFailure::not_found_or_denied);
  co_return Response::json(200, render_task(*task));
}

boost::asio::awaitable<Response> handle_update(V1Context& ctx, Request&, Call& call) {
  ValidationErrors& errors = call.errors;
  domain::work::TaskChanges changes;
  if (auto* obj = call.body()) {
    // Keys present are applied; title, priority and status cannot be nulled (a fix).
    auto title = optional_string(*obj, "title", errors, false);
    if (title.value) changes.title = std::move(title.value);
    auto description = optional_string(*obj, "description", errors);
    if (description.present) changes.description = std::move(description.value);
    auto priority = optional_enum(*obj, "priority", kTaskPriorities, false, errors);
    if (priority.value) changes.priority = std::move(priority.value);
    auto status = optional_enum(*obj, "status", kTaskStatuses, false, errors);
    if (status.value) changes.status = std::move(status.value);
    auto deadline = optional_date(*obj, "deadline", errors);
    if (deadline.present) changes.deadline = std::move(deadline.value);
    auto assignee = optional_uuid(*obj, "assigned_to", errors);
    if (assignee.present) changes.assignee_uuid = std::move(assignee.value);
  }
  if (!errors.empty()) co_return errors.response();
  auto actor = actor_of(call.principal);
  auto result = co_await ctx.work.tasks().update(actor, call.id(), std::move(changes));
  co_return task_result(200, result);
}

boost::asio::awaitable<Response> handle_delete(V1Context& ctx, Request&, Call& call) {
  auto actor = actor_of(call.principal);
  auto failure = co_await ctx.work.tasks().remove(actor, call.id());
  if (failure) co_return task_failure(*failure);
  co_return Response::no_content(204);
}

boost::asio::awaitable<Response> handle_move(V1Context& ctx, Request&, Call& call) {
  ValidationErrors& errors = call.errors;
  std::optional<std::string> new_status;
  if (auto* obj = call.body())
    new_status = required_enum(*obj, "new_status", kTaskStatuses, errors);
  if (!errors.empty()) co_return errors.response();
  auto actor = actor_of(call.principal);
  auto result = co_await ctx.work.tasks().move(actor, call.id(), *new_status);
  co_return task_result(200, result);
}

}  // namespace

void add_task_routes(http::Router& router, V1Context& ctx) {
  using http::Method;
  namespace s = http::schema;
  auto task = schemas::task_response();
  auto error = schemas::detail_error();
  add_route(router, ctx, Method::post, "/api/v1/tasks/", kBody, handle_create,
            http::describe("Create a task (admin, or member of the project)", "tasks", true,
                           schemas::task_create_request(),
                           {{201, "The task", task},
                            {400, "Assignee is not a project member", error},
                            {403, "Not a member of the project", error},
                            {404, "Project not found", error}}));
  add_route(router, ctx, Method::get, "/api/v1/tasks/", kAuthenticated, handle_list,
            http::describe("List tasks (admins: all; members: assigned to them)", "tasks", true,
                           nullptr, {{200, "Tasks in creation order", s::array_of(task)}},
                           {{"skip", s::integer()},
                            {"limit", s::integer()},
                            {"project_id", s::string(false, "uuid")},
                            {"status", schemas::task_status()},
                            {"priority", schemas::task_priority()},
                            {"assigned_to", s::string(false, "uuid")}}));
  add_route(router, ctx, Method::get, "/api/v1/tasks/{task_id}", kTask, handle_get,
            http::describe("Get a task (admin or assignee)", "tasks", true, nullptr,
                           {{200, "The task", task}, {404, "Not found or access denied", error}}));
  add_route(router, ctx, Method::put, "/api/v1/tasks/{task_id}", kTaskBody, handle_update,
            http::describe("Update a task (admin or assignee; reassigning is admin only)", "tasks",
                           true, schemas::task_update_request(),
                           {{200, "The updated task", task},
                            {400, "Assignee is not a project member", error},
                            {403, "Only admins can reassign tasks", error},
                            {404, "Not found or access denied", error}}));
  add_route(
      router, ctx, Method::delete_, "/api/v1/tasks/{task_id}", kTask, handle_delete,
      http::describe("Delete a task (admin or assignee)", "tasks", true, nullptr,
                     {{204, "Deleted", nullptr}, {404, "Not found or access denied", error}}));
  add_route(
      router, ctx, Method::patch, "/api/v1/tasks/{task_id}/move", kTaskBody, handle_move,
      http::describe("Move a task to a status column (admin or assignee)", "tasks", true,
                     schemas::task_move_request(),
                     {{200, "The moved task", task}, {404, "Not found or access denied", error}}));
}

}  // namespace tandem::faces::v1
