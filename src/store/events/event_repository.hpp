#pragma once
// Stored events (migrations 0007): the outbox rows a change writes in its own transaction, the
// reads of one user's events in the order every reader shares, and retention's batched deletes.
// Events are opaque here: a payload text, a channel, a type and the recipients' uuids.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/event_mark.hpp"
#include "store/db/database.hpp"

namespace tandem::store {

struct NewEvent {
  std::int64_t created_at = 0;  // micros
  std::string channel;
  std::string type;
  std::string payload;                  // a JSON object's text
  std::vector<std::string> recipients;  // user uuids, each once
};

struct StoredEvent {
  std::int64_t id = 0;
  std::string payload;  // as written
};

// A place in the order events are read in: (txid, id) (platform/event_mark.hpp).
using EventPosition = platform::EventMark;
using platform::kBeforeAllEvents;
// After every event: the bound of a read that has none.
inline constexpr EventPosition kAfterAllEvents{INT64_MAX, INT64_MAX};

// An event as the relay hands it on: where it sits, its payload and who receives it.
struct RelayedEvent {
  EventPosition position;
  std::string payload;
  std::vector<std::string> recipients;  // user uuids
};

class EventRepository {
 public:
  explicit EventRepository(Database& db) : db_(db) {}

  // Writes the event and its recipients inside `tx`; returns the event's id.
  boost::asio::awaitable<std::int64_t> insert(Transaction& tx, const NewEvent& event);

  // Where a stored event sits in the order; nullopt when no such event is kept.
  boost::asio::awaitable<std::optional<EventPosition>> position_of(std::int64_t id);

  // Up to `limit` of the user's events after `after` and not after `through`, oldest first.
  // Only events whose transaction has finished are read (PostgreSQL: below the snapshot's xmin),
  // so no event can later appear before the last one returned.
  boost::asio::awaitable<std::vector<StoredEvent>> for_user_after(
      const std::string& user_uuid, EventPosition after, std::int64_t limit,
      EventPosition through = kAfterAllEvents);
  // The id of the user's newest event under the same rules, nullopt when there is none.
  boost::asio::awaitable<std::optional<std::int64_t>> newest_for_user(
      const std::string& user_uuid, EventPosition through = kAfterAllEvents);

  // The relay's read, one statement: everybody's events after `after` under the same rule, up
  // to `limit`, oldest first, with their recipients; and whether committed events exist that
  // the rule still holds back (an older transaction is running), so that the relay looks again
  // soon rather than waiting for a nudge that such a transaction may never send.
  struct RelayRead {
    std::vector<RelayedEvent> events;
    bool held_back = false;
  };
  boost::asio::awaitable<RelayRead> relay_read(EventPosition after, std::int64_t limit);
  // The newest event under that rule (where a starting relay begins), nullopt when none is kept.
  boost::asio::awaitable<std::optional<EventPosition>> newest_settled();

  // Deletes, in one short transaction, those of the `batch` oldest events that were created
  // before `cutoff`, with their recipients. Returns how many events went.
  boost::asio::awaitable<std::int64_t> delete_expired_batch(std::int64_t cutoff,
                                                            std::int64_t batch);

 private:
  Database& db_;
};

}  // namespace tandem::store
