#include "faces/v1/notifications_socket.hpp"

#include "faces/v1/v1_errors.hpp"
#include "platform/uuid.hpp"

namespace tandem::faces::v1 {

namespace {

// FastAPI refuses a WebSocket that closes before accept with a plain HTTP 403.
http::WebSocketAdmission refuse() { return {detail(403, "Forbidden"), {}}; }

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
    co_return http::WebSocketAdmission{std::nullopt, canonical.value_or(*claimed)};
  }
  auto result = co_await ctx.identity.authenticate(token);
  auto* principal = std::get_if<domain::identity::Principal>(&result);
  if (principal == nullptr) co_return refuse();
  if (claimed && platform::parse_uuid(*claimed) != principal->user.uuid) co_return refuse();
  co_return http::WebSocketAdmission{std::nullopt, principal->user.uuid};
}

}  // namespace

void add_notification_socket(http::WebSocketHub& hub, V1Context& ctx) {
  auto authorizer = [&ctx](http::Request& req) { return admit(ctx, req); };
  hub.add_route("/ws/notifications/{user_id}", authorizer);
  hub.add_route("/ws/notifications", authorizer);
}

}  // namespace tandem::faces::v1
