#pragma once
#include "faces/v1/v1_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::v1 {

// GET /api/v1/notifications: the caller's stored events, each the object its WebSocket frame
// carries, paged by event id (issue 11, "Events are stored").
void add_notification_routes(http::Router& router, V1Context& ctx);

}  // namespace tandem::faces::v1
