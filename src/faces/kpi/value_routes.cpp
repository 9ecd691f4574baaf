#include "faces/kpi/value_routes.hpp"

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
using domain::kpi::ValueWriteFailure;
using http::Request;
using http::Response;
using platform::render_each;

namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kFirstYear = 1;
constexpr std::int64_t kLastYear = 9999;
constexpr std::string_view kNoLogs = "No Logs Available";

Response value_failure(ValueWriteFailure failure) {
  switch (failure) {
    case ValueWriteFailure::kpi_not_found:
      return message(404, "KPI doesn't exist");
    case ValueWriteFailure::value_not_found:
      return message(404, "KPI Value Not Found");
    case ValueWriteFailure::duplicate_period:
      return message(400, "KPI Value already exists for this period");
    case ValueWriteFailure::kpi_inactive:
      return message(403, "Kpi is not active. Cannot be updated");
    case ValueWriteFailure::not_member:
      return message(403, "User is not a member of the KPI's circle. Unauthorized Access");
    case ValueWriteFailure::value_out_of_range:
      return message(400, "value is out of range for the KPI's unit");
    case ValueWriteFailure::month_not_in_periodicity:
      return message(400, "period_month does not match the KPI's periodicity");
  }
  return internal_error();
}

// The empty case keeps the original's 200 + message and adds the empty list the client maps
// over (§5.26).
Response no_logs(const char* list_key) {
  json::object body;
  body["message"] = kNoLogs;
  body[list_key] = json::array();
  return json_response(200, body);
}

boost::asio::awaitable<Response> handle_add(KpiContext& ctx, Request&, Call& call) {
  FieldReader fields(call.body);
  auto kpi_id = fields.required_integer("kpi_id", 0, kMaxId);
  auto year = fields.required_integer("period_year", kFirstYear, kLastYear);
  auto month = fields.required_integer("period_month", 1, 12);
  auto value = fields.required_number("value");
  if (fields.failed()) co_return fields.error();
  // Who created the value comes from the token only; body keys such as user_id are ignored.
  const auto& caller = call.caller();
  domain::kpi::ValueInput in{*kpi_id, *year, *month, *value};
  auto result = co_await ctx.kpi.add_value(caller, in);
  if (auto* failure = std::get_if<ValueWriteFailure>(&result)) co_return value_failure(*failure);
  co_return message(201, "KPI Value was added successfully");
}

boost::asio::awaitable<Response> handle_edit(KpiContext& ctx, Request& req, Call& call) {
  auto id = path_id(req, "kpi_value_id");
  if (!id) co_return value_failure(ValueWriteFailure::value_not_found);
  // Only the value can change; the client's kpi_id/period_* keys are ignored (§2.14).
  FieldReader fields(call.body);
  auto value = fields.required_number("value");
  if (fields.failed()) co_return fields.error();
  const auto& caller = call.caller();
  auto failure = co_await ctx.kpi.edit_value(caller, *id, *value);
  if (failure) co_return value_failure(*failure);
  co_return message(200, "KPI Values Updated Successfully");
}

std::string kpi_value_list_key(const store::KpiValueSearch& s) {
  std::string key = s.circle_id ? std::to_string(*s.circle_id) : std::string("*");
  for (auto n : {s.year_from, s.year_to, s.month_from, s.month_to}) {
    key += '/';
    key += std::to_string(n);
  }
  return key;
}

boost::asio::awaitable<Response> handle_search(KpiContext& ctx, Request& req, Call&) {
  std::optional<std::string> problem;
  domain::kpi::ValueQuery query;
  query.circle_id = query_integer(req, "circle_id", 0, kMaxId, problem);
  if (problem) co_return message(400, *problem);
  if (auto period = req.query("period"); period && !period->empty()) {
    query.period = domain::kpi::parse_period(*period);
    if (!query.period) co_return message(400, "Invalid period");
  }
  auto search = ctx.kpi.value_search(query);
  auto key = kpi_value_list_key(search);
  const std::uint64_t version = ctx.kpi.data_version();  // before the query: see versioned_cache
  auto body = ctx.value_lists.find(key, version);
  if (!body) {
    auto values = co_await ctx.kpi.values(search);
    body = std::make_shared<const std::string>(values.empty() ? std::string()
                                                              : render_kpi_values_body(values));
    ctx.value_lists.store(key, version, body);
  }
  if (body->empty()) co_return Response::no_content(204);
  co_return Response::json_text(200, *body);
}

boost::asio::awaitable<Response> handle_change_log(KpiContext& ctx, Request& req, Call&) {
  std::optional<std::string> problem;
  auto circle_id = query_integer(req, "circle_id", 0, kMaxId, problem);
  domain::kpi::YearMonth bounds[2];
  const char* names[2][2] = {{"from_year", "from_month"}, {"to_year", "to_month"}};
  for (int i = 0; i < 2; ++i) {
    auto year = query_integer(req, names[i][0], kFirstYear, kLastYear, problem);
    auto month = query_integer(req, names[i][1], 1, 12, problem);
    for (const char* name : names[i]) {
      auto given = req.query(name);
      if (!problem && (!given || given->empty())) problem = std::string(name) + " is required";
    }
    if (year && month) bounds[i] = {*year, *month};
  }
  if (problem) co_return message(400, *problem);
  // Without a circle the original's filter matched nothing; kept as the empty answer.
  if (!circle_id) co_return no_logs("change_log");
  auto rows = co_await ctx.kpi.change_feed(*circle_id, bounds[0], bounds[1]);
  if (rows.empty()) co_return no_logs("change_log");
  json::object body;
  body["change_log"] = render_each(rows, render_change_feed_row);
  co_return json_response(200, body);
}

boost::asio::awaitable<Response> handle_mini_log(KpiContext& ctx, Request& req, Call&) {
  auto id = path_id(req, "kpi_value_id");
  if (!id) co_return no_logs("mini_change_log");
  auto rows = co_await ctx.kpi.recent_changes(*id);
  if (rows.empty()) co_return no_logs("mini_change_log");
  json::object body;
  body["mini_change_log"] = render_each(rows, render_change_log);
  co_return json_response(200, body);
}

}  // namespace

void add_value_routes(http::Router& router, KpiContext& ctx) {
  using http::Method;
  namespace s = http::schema;
  add_route(
      router, ctx, Method::get, "/kpi_values", Body::none, handle_search,
      http::describe("KPI values, optionally of one circle and period", "kpi", true, nullptr,
                     {{200, "Values (by KPI, then id, with a circle; by id without)",
                       schemas::wrapped("KPI_Values", s::array_of(schemas::kpi_value()))},
                      {204, "No values", nullptr},
                      {400, "Invalid circle_id or period", schemas::message()}},
                     {{"circle_id", s::integer()},
                      {"period", s::enumeration({"this_month", "last_month", "this_quarter",
                                                 "last_quarter", "this_year", "last_year"})}}));
  add_route(
      router, ctx, Method::post, "/kpi_values/add", Body::object, handle_add,
      http::describe("Add a KPI's value for one month, logged as Created", "kpi", true,
                     schemas::value_add_request(),
                     {{201, "KPI Value was added successfully", schemas::message()},
                      {400, "Invalid field or a value exists for that month", schemas::message()},
                      {403, "Not allowed (strict modes)", schemas::message()},
                      {404, "KPI doesn't exist", schemas::message()}}));
  add_route(router, ctx, Method::put, "/kpi_values/{kpi_value_id:int}/edit", Body::object,
            handle_edit,
            http::describe("Change a value, logged as Updated", "kpi", true,
                           schemas::value_edit_request(),
                           {{200, "KPI Values Updated Successfully", schemas::message()},
                            {400, "Invalid value", schemas::message()},
                            {403, "Kpi is not active. Cannot be updated", schemas::message()},
                            {404, "KPI Value Not Found", schemas::message()}}));
  add_route(router, ctx, Method::get, "/kpi_values/change_log", Body::none, handle_change_log,
            http::describe(
                "Changes to a circle's values logged in a range of months", "kpi", true, nullptr,
                {{200, "Oldest first; or message No Logs Available with an empty list",
                  schemas::wrapped("change_log", s::array_of(schemas::change_feed_row()))},
                 {400, "Missing or invalid parameter", schemas::message()}},
                {{"circle_id", s::integer()},
                 {"from_year", s::integer()},
                 {"from_month", s::integer()},
                 {"to_year", s::integer()},
                 {"to_month", s::integer()}}));
  add_route(router, ctx, Method::get, "/kpi_values/{kpi_value_id:int}/change_log", Body::none,
            handle_mini_log,
            http::describe(
                "The three most recent changes of a value", "kpi", true, nullptr,
                {{200, "Newest first; or message No Logs Available with an empty list",
                  schemas::wrapped("mini_change_log", s::array_of(schemas::change_log_entry()))}}));
}

}  // namespace tandem::faces::kpi
