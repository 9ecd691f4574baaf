#include "faces/teamflow/task_routes.hpp"

#include <boost/json.hpp>

#include "faces/teamflow/teamflow_errors.hpp"
#include "faces/teamflow/teamflow_handler.hpp"
#include "faces/teamflow/teamflow_render.hpp"
#include "faces/teamflow/teamflow_request.hpp"
#include "faces/teamflow/teamflow_schemas.hpp"
#include "platform/flask_json.hpp"
#include "platform/http/openapi.hpp"

namespace tandem::faces::teamflow {

namespace json = boost::json;
using domain::board::BoardRefusal;
using domain::board::BoardResult;
using domain::board::BoardTaskRecord;
using http::Request;
using http::Response;

namespace {

// What a task body says, read field by field: types here, values in the board's rules.
struct TaskFields {
  std::optional<std::string> title;
  std::optional<std::optional<std::string>> description;  // inner nullopt: JSON null
  std::optional<std::string> priority;
  std::optional<std::string> status;
};

std::variant<TaskFields, Response> read_task_fields(const json::object& body) {
  TaskFields f;
  auto title = string_field(body, "title");
  if (title.present && !title.is_null && !title.is_string)
    return error(400, "Title must be a string");
  f.title = std::move(title.value);  // null stays absent: "Title is required"
  auto description = string_field(body, "description");
  if (description.present && !description.is_null && !description.is_string)
    return error(400, "Description must be a string");
  if (description.present) f.description = std::move(description.value);
  // Anything but one of the enumerated strings, null included, is an invalid value.
  auto priority = string_field(body, "priority");
  if (priority.present && !priority.is_string) return refusal(BoardRefusal::invalid_priority);
  f.priority = std::move(priority.value);
  auto status = string_field(body, "status");
  if (status.present && !status.is_string) return refusal(BoardRefusal::invalid_status);
  f.status = std::move(status.value);
  return f;
}

Response task_response(int status, const BoardResult<BoardTaskRecord>& result) {
  if (const auto* r = std::get_if<BoardRefusal>(&result)) return refusal(*r);
  return http::flask_json_response(status, render_task(std::get<BoardTaskRecord>(result)));
}

constexpr std::string_view kWholeBoard = "all";

boost::asio::awaitable<Response> handle_list(TeamflowContext& ctx, Request& req, Principal&) {
  // Optional paging (§8.14); without it every task, as the original answered.
  domain::board::BoardPage page;
  bool valid = true;
  page.limit = query_count(req, "limit", valid);
  if (!valid) co_return error(400, "Invalid limit");
  page.offset = query_count(req, "offset", valid).value_or(0);
  if (!valid) co_return error(400, "Invalid offset");
  // Only the whole board (the client's only call) is cached: pages with arbitrary limits and
  // offsets would let any caller pin many copies of the board in memory.
  if (page.limit || page.offset != 0) {
    auto tasks = co_await ctx.board.list(page);
    co_return Response::json_text(200, render_task_list(tasks));
  }
  const std::uint64_t version = ctx.board.data_version();  // before the query: versioned_cache
  auto body = ctx.board_cache.find(kWholeBoard, version);
  if (!body) {
    auto tasks = co_await ctx.board.list(page);
    body = std::make_shared<const std::string>(render_task_list(tasks));
    ctx.board_cache.store(kWholeBoard, version, body);
  }
  co_return Response::json_text(200, *body);
}

boost::asio::awaitable<Response> handle_create(TeamflowContext& ctx, Request& req,
                                               Principal& caller) {
  auto body = read_json(req);
  if (!body) co_return error(400, kInvalidJson);
  // The original answered a falsy or title-less body (null, [], {}) with this text.
  if (!body->is_object()) co_return refusal(BoardRefusal::title_required);
  auto read = read_task_fields(body->get_object());
  if (auto* bad = std::get_if<Response>(&read)) co_return std::move(*bad);
  auto& fields = std::get<TaskFields>(read);
  domain::board::TaskDraft draft;
  draft.title = std::move(fields.title);
  // null on create stored '' in the original.
  if (fields.description) draft.description = std::move(*fields.description);
  draft.priority = std::move(fields.priority);
  draft.status = std::move(fields.status);
  auto result = co_await ctx.board.create(caller.user.id, std::move(draft));
  co_return task_response(201, result);
}

boost::asio::awaitable<Response> handle_update(TeamflowContext& ctx, Request& req, Principal&) {
  auto id = task_id(req);
  if (!id) co_return refusal(BoardRefusal::not_found);
  auto body = read_json(req);
  std::optional<Response> unreadable;
  if (!body || !body->is_object()) unreadable = error(400, kInvalidJson);
  std::variant<TaskFields, Response> read = TaskFields{};
  if (!unreadable) read = read_task_fields(body->get_object());
  if (auto* bad = std::get_if<Response>(&read)) unreadable = std::move(*bad);
  if (unreadable) {
    // The original looked the task up before reading the body (§6).
    auto found = co_await ctx.board.exists(*id);
    if (!found) co_return refusal(BoardRefusal::not_found);
    co_return std::move(*unreadable);
  }
  auto& fields = std::get<TaskFields>(read);
  domain::board::TaskChanges changes;
  // Present-but-null title: the original hit NOT NULL (500); here it is "Title is required".
  const auto& obj = body->get_object();
  if (obj.contains("title")) changes.title = fields.title.value_or("");
  changes.description = std::move(fields.description);
  changes.priority = std::move(fields.priority);
  changes.status = std::move(fields.status);
  auto result = co_await ctx.board.update(*id, std::move(changes));
  co_return task_response(200, result);
}

boost::asio::awaitable<Response> handle_delete(TeamflowContext& ctx, Request& req, Principal&) {
  auto id = task_id(req);
  if (!id) co_return refusal(BoardRefusal::not_found);
  auto removed = co_await ctx.board.remove(*id);
  if (!removed) co_return refusal(BoardRefusal::not_found);
  json::object body;
  body["message"] = "Task deleted successfully";
  co_return http::flask_json_response(200, body);
}

}  // namespace

void add_task_routes(http::Router& router, TeamflowContext& ctx) {
  using http::Method;
  namespace s = http::schema;
  add_route(
      router, ctx, Method::get, "/api/tasks", handle_list,
      http::describe("Every task of every user, newest first", "teamflow", true, nullptr,
                     {{200, "Tasks", s::array_of(schemas::task())},
                      {400, "Invalid limit or offset", schemas::error()},
                      {401, "Token is missing, malformed, invalid or expired", schemas::error()}},
                     {{"limit", s::integer()}, {"offset", s::integer()}}));
  add_route(router, ctx, Method::post, "/api/tasks", handle_create,
            http::describe("Create a task; the caller is recorded as its creator", "teamflow", true,
                           schemas::task_request(true),
                           {{201, "The task", schemas::task()},
                            {400, "Title is required, invalid value or body", schemas::error()},
                            {401, "Not authenticated", schemas::error()}}));
  add_route(router, ctx, Method::put, "/api/tasks/{task_id:int}", handle_update,
            http::describe("Change a task's title, description, priority or status", "teamflow",
                           true, schemas::task_request(false),
                           {{200, "The task", schemas::task()},
                            {400, "Invalid value or body", schemas::error()},
                            {401, "Not authenticated", schemas::error()},
                            {404, "Task not found", schemas::error()}}));
  add_route(router, ctx, Method::delete_, "/api/tasks/{task_id:int}", handle_delete,
            http::describe("Delete a task", "teamflow", true, nullptr,
                           {{200, "Task deleted successfully", schemas::message()},
                            {401, "Not authenticated", schemas::error()},
                            {404, "Task not found", schemas::error()}}));
}

}  // namespace tandem::faces::teamflow
