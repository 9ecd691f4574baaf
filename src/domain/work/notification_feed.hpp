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

 private:
  store::EventRepository events_;
};

}  // namespace tandem::domain::work
