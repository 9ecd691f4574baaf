#include "faces/v1/notifications_socket.hpp"

#include <boost/json/serialize.hpp>

#include "domain/work/event_id.hpp"
#include "faces/v1/v1_errors.hpp"
#include "platform/uuid.hpp"

namespace tandem::faces::v1 {

namespace {

// FastAPI refuses a WebSocket that closes before accept with a plain HTTP 403.
http::WebSocketAdmission refuse() {
  return http::WebSocketAdmission::refuse(detail(403, "Forbidden"));
}

// The position a reconnecting client sends: `last_event_id`, or its alias `since`. Absent or
// empty: no catch-up (the socket behaves as it always did). Anything but an event id counts as
// a position nobody knows, which catches up as a reset.
std::optional<std::int64_t> requested_position(const http::Request& req) {
  auto raw = req.query("last_event_id");
  if (!raw || raw->empty()) raw = req.query("since");
  if (!raw || raw->empty()) return std::nullopt;
  return domain::work::parse_event_id(*raw).value_or(-1);
}

std::string reset_frame(const std::optional<std::int64_t>& current) {
  boost::json::object frame;
  frame["event"] = "notifications_reset";
  frame["type"] = "notifications_reset";
  if (current)
    frame["last_event_id"] = domain::work::event_id_text(*current);
  else
    frame["last_event_id"] = nullptr;
  return boost::json::serialize(frame);
}

// What the user missed after `after`, up to where the socket's live stream begins.
boost::asio::awaitable<http::WebSocketCatchUp> catch_up(V1Context& ctx, std::string user_uuid,
                                                        std::int64_t after,
                                                        platform::EventMark through) {
  http::WebSocketCatchUp out;
  out.live_after = through;
  auto missed = co_await ctx.work.notifications().catch_up(user_uuid, after, through);
  if (missed.reset) {
    out.frames.push_back(reset_frame(missed.current));
    co_return out;
  }
  for (const auto& event : missed.events)
    out.frames.push_back(domain::work::event_frame_text(event.payload, event.id));
  if (missed.resume_after) out.live_after = std::max(through, *missed.resume_after);
  co_return out;
}

http::WebSocketAdmission with_catch_up(V1Context& ctx, const http::Request& req,
                                       http::WebSocketAdmission admission) {
  if (auto after = requested_position(req)) {
    admission.catch_up = [&ctx, user = admission.user_id,
                          after = *after](platform::EventMark through) {
      return catch_up(ctx, user, after, through);
    };
  }
  return admission;
}

// The user a socket is for: from the token (which must match a user_id given in the path or
// query), or, only in the original's anonymous mode, the user_id as given.
boost::asio::awaitable<http::WebSocketAdmission> admit(V1Context& ctx, http::Request& req) {
  std::optional<std::string> claimed;
  if (const auto* path_id = req.path_param("user_id")) {
    claimed = *path_id;
  } else if (auto query_id = req.query("user_id"); query_id && !query_id->empty()) {
    claimed = *query_id;
  }
  auto token = req.query("token").value_or("");
  if (token.empty()) {
    if (!ctx.settings.ws_allow_anonymous || !claimed) co_return refuse();
    auto canonical = platform::parse_uuid(*claimed);
    co_return with_catch_up(ctx, req,
                            http::WebSocketAdmission::admit(canonical.value_or(*claimed)));
  }
  auto result = co_await ctx.identity.authenticate(token);
  auto* principal = std::get_if<domain::identity::Principal>(&result);
  if (principal == nullptr) co_return refuse();
  if (claimed && platform::parse_uuid(*claimed) != principal->user.uuid) co_return refuse();
  auto admitted = http::WebSocketAdmission::admit(principal->user.uuid);
  // Open only while its token is: a logout (anywhere) or the token's expiry closes it.
  admitted.still_valid = [&tokens = ctx.identity.tokens(), jti = principal->token.jti,
                          exp = principal->token.expires_at] {
    return tokens.still_valid(jti, exp);
  };
  co_return with_catch_up(ctx, req, std::move(admitted));
}

}  // namespace

void add_notification_socket(http::WebSocketHub& hub, V1Context& ctx) {
  auto authorizer = [&ctx](http::Request& req) { return admit(ctx, req); };
  hub.add_route("/ws/notifications/{user_id}", authorizer);
  hub.add_route("/ws/notifications", authorizer);
}

}  // namespace tandem::faces::v1
