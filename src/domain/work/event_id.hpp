#pragma once
// How an event's id is shown to clients: the "id" of a WebSocket frame, the `after` cursor and
// `last_event_id` of GET /api/v1/notifications. A string, so that clients treat it as opaque
// (compare for equality, send it back) and never do arithmetic on it. And the frame itself: the
// stored payload with that "id" last, the same text whether delivered live, replayed to a
// reconnecting socket or listed by the REST read.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::domain::work {

std::string event_id_text(std::int64_t id);

// The id a client sent back: decimal digits only (no sign, space or leading '+'), at most
// int64's range. "0" is the position before every event.
std::optional<std::int64_t> parse_event_id(std::string_view text);

// A stored payload (a JSON object's text, as written, without "id") with its "id" appended.
std::string event_frame_text(std::string_view payload, std::int64_t id);

}  // namespace tandem::domain::work
