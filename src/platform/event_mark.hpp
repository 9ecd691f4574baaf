#pragma once
// A place in the one order of stored events that every instance shares (design.md "Events"):
// the writing transaction's id, then the event's id. The store reads events in this order, the
// relay delivers them in it, and a reconnecting socket's catch-up ends exactly where the live
// stream it joins begins. Comparable, nothing more: clients only ever see an event's id.

#include <compare>
#include <cstdint>

namespace tandem::platform {

struct EventMark {
  std::int64_t txid = -1;  // PostgreSQL's writing transaction; 0 on SQLite (ids in commit order)
  std::int64_t id = 0;
  auto operator<=>(const EventMark&) const = default;
};

// Before every event.
inline constexpr EventMark kBeforeAllEvents{-1, 0};

}  // namespace tandem::platform
