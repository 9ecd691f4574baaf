#include "faces/v1/notification_routes.hpp"

#include "domain/work/event_id.hpp"
#include "faces/v1/v1_errors.hpp"
#include "faces/v1/v1_handler.hpp"
#include "faces/v1/work_request.hpp"
#include "platform/http/openapi.hpp"

namespace tandem::faces::v1 {

namespace json = boost::json;
using domain::work::NotificationFailure;
using domain::work::NotificationPage;
using http::Request;
using http::Response;

namespace {

constexpr std::int64_t kDefaultLimit = 100;
constexpr std::int64_t kMaxLimit = 500;
constexpr std::string_view kEventIdPattern = "^[0-9]+$";

json::array query_loc(std::string_view name) { return json::array{"query", name}; }

struct AfterParam {
  std::optional<std::int64_t> id;
  std::string raw;  // as sent, for an error about the position
};

// `after`, as pydantic reads Query(None, pattern="^[0-9]+$"); "" counts as absent (the face's
// rule for query filters). Digits beyond int64 name no event: the caller's unknown_position.
AfterParam read_after(const Request& req, ValidationErrors& errors) {
  AfterParam after;
  auto raw = req.query("after");
  if (!raw || raw->empty()) return after;
  after.raw = *raw;
  bool digits = raw->find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    json::object ctx;
    ctx["pattern"] = kEventIdPattern;
    errors.add("string_pattern_mismatch", query_loc("after"),
               "String should match pattern '" + std::string(kEventIdPattern) + "'",
               json::string(*raw), std::move(ctx));
    return after;
  }
  after.id = domain::work::parse_event_id(*raw).value_or(-1);
  return after;
}

// `limit`, as Query(100, ge=0, le=500): 1..500 events, or 0 for the position alone.
std::int64_t read_limit(const Request& req, ValidationErrors& errors) {
  std::int64_t limit = query_non_negative_int(req, "limit", kDefaultLimit, errors);
  if (limit > kMaxLimit) {
    json::object ctx;
    ctx["le"] = kMaxLimit;
    errors.add("less_than_equal", query_loc("limit"),
               "Input should be less than or equal to " + std::to_string(kMaxLimit),
               json::string(req.query("limit").value_or("")), std::move(ctx));
    return kDefaultLimit;
  }
  return limit;
}

Response unknown_position(const AfterParam& after) {
  ValidationErrors errors;
  errors.add("value_error", query_loc("after"),
             "Value error, no kept event has this id (expired or never written); read from the "
             "oldest kept event without after",
             json::string(after.raw));
  return errors.response();
}

json::value render_page(const NotificationPage& page) {
  json::array events;
  events.reserve(page.events.size());
  for (const auto& stored : page.events) {
    // The same object, key for key, as the event's frame.
    events.push_back(json::parse(domain::work::event_frame_text(stored.payload, stored.id)));
  }
  json::object body;
  body["events"] = std::move(events);
  if (page.last_event_id)
    body["last_event_id"] = domain::work::event_id_text(*page.last_event_id);
  else
    body["last_event_id"] = nullptr;
  return body;
}

boost::asio::awaitable<Response> handle_notifications(V1Context& ctx, Request& req, Call& call) {
  ValidationErrors& errors = call.errors;
  auto after = read_after(req, errors);
  auto limit = read_limit(req, errors);
  if (!errors.empty()) co_return errors.response();
  if (after.id && *after.id < 0) co_return unknown_position(after);
  auto actor = actor_of(call.principal);
  auto result = co_await ctx.work.notifications().read(actor, after.id, limit);
  if (std::holds_alternative<NotificationFailure>(result)) co_return unknown_position(after);
  co_return Response::json(200, render_page(std::get<NotificationPage>(result)));
}

json::value notifications_response() {
  namespace s = http::schema;
  // Each event is its WebSocket frame: "event" and "type" (the same name), the fields of
  // spec/flowtrack.md §4.2, "timestamp", and "id".
  return s::object({{"events", s::array_of(s::any_object())}, {"last_event_id", s::string(true)}},
                   {"events", "last_event_id"});
}

}  // namespace

void add_notification_routes(http::Router& router, V1Context& ctx) {
  namespace s = http::schema;
  add_route(router, ctx, http::Method::get, "/api/v1/notifications", kAuthenticated,
            handle_notifications,
            http::describe("The caller's stored events after an event id, oldest first",
                           "notifications", true, nullptr,
                           {{200, "Events (each as its WebSocket frame) and the next cursor",
                             notifications_response()},
                            {422, "Malformed or unknown after, or limit outside 0..500",
                             s::object({{"detail", s::array_of(s::any_object())}})}},
                           {{"after", s::string()}, {"limit", s::integer()}}));
}

}  // namespace tandem::faces::v1
