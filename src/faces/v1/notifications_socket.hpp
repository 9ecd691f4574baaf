#pragma once
#include "faces/v1/v1_context.hpp"
#include "platform/http/websocket_hub.hpp"

namespace tandem::faces::v1 {

// /ws/notifications/{user_id}?token=… and /ws/notifications?user_id=…&token=… (spec §4.3).
void add_notification_socket(http::WebSocketHub& hub, V1Context& ctx);

}  // namespace tandem::faces::v1
