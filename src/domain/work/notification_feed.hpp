#pragma once
// A user's stored events read back (GET /api/v1/notifications): each event the user was a
// recipient of when it was written, in the order every reader shares, paged by an event id.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "domain/work/actor.hpp"
#include "store/events/event_repository.hpp"

namespace tandem::domain::work {

struct NotificationPage {
  std::vector<store::StoredEvent> events;  // oldest first
  // The cursor for the next page: the last event returned, else the `after` given (nullopt
  // when none was); for a limit of 0 the user's newest event, nullopt when there is none.
  std::optional<std::int64_t> last_event_id;
};

// What a reconnecting socket missed: the events after its last one up to where its live stream
// begins, or, when that is not possible, a reset to the user's current position.
struct CatchUp {
  std::vector<store::StoredEvent> events;  // oldest first; empty when reset
  bool reset = false;                      // the position is unknown, expired, or too far behind
  std::optional<std::int64_t> current;     // on reset: the user's newest event up to `through`
  // The position of `after` itself: live events up to it are ones the client already has (it
  // may have had them from an instance whose relay was ahead of this one's).
  std::optional<store::EventPosition> resume_after;
};

// More than this many missed events is a reset: the client reloads its state instead.
inline constexpr std::int64_t kMaxCatchUpEvents = 1000;

enum class NotificationFailure {
  unknown_position  // `after` names no event that is kept (expired, or never written)
};

class NotificationFeed {
 public:
  explicit NotificationFeed(store::Database& db) : events_(db) {}

  // The actor's events after the event `after` (0 or nullopt: from the oldest kept), at most
  // `limit`. A limit of 0 reads no events and answers the actor's current position.
  boost::asio::awaitable<std::variant<NotificationPage, NotificationFailure>> read(
      const Actor& actor, std::optional<std::int64_t> after, std::int64_t limit);

  // The user's events after event `after` (0: from the oldest kept; negative: a position
  // nobody knows) and not after `through`.
  boost::asio::awaitable<CatchUp> catch_up(const std::string& user_uuid, std::int64_t after,
                                           store::EventPosition through);

 private:
  store::EventRepository events_;
};

}  // namespace tandem::domain::work
