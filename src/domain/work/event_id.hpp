#pragma once
// How an event's id is shown to clients: the "id" of a WebSocket frame, the `after` cursor and
// `last_event_id` of GET /api/v1/notifications. A string, so that clients treat it as opaque
// (compare for equality, send it back) and never do arithmetic on it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::domain::work {

std::string event_id_text(std::int64_t id);

// The id a client sent back: decimal digits only (no sign, space or leading '+'), at most
// int64's range. "0" is the position before every event.
std::optional<std::int64_t> parse_event_id(std::string_view text);

}  // namespace tandem::domain::work
