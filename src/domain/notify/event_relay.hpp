#pragma once
// Delivery of stored events (design.md "Events"): each instance runs one relay that reads every
// new event from the database in the shared (txid, id) order and hands it to the WebSocket hub.
// An instance's own events and other instances' take this same path, so every socket gets
// exactly the committed events, in the same order on every instance.
//
// When to read: nudge() after this instance commits events (the event bus), and when the
// database driver hears another process commit (PostgreSQL's change feed); a poll every
// `poll` in case a notification was lost (a writer killed between COMMIT and NOTIFY loses
// nothing). An event that has committed but sits behind a still-running older transaction is
// not readable yet (a later read cannot be allowed to put it before a position already
// delivered); while such events exist the relay looks again soon, backing off from
// `first_retry` to `max_retry`, since the transaction holding them back may never nudge.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>

#include "platform/event_sink.hpp"
#include "platform/wake_up.hpp"
#include "store/events/event_repository.hpp"

namespace tandem::domain::notify {

struct EventRelaySettings {
  std::chrono::milliseconds poll{250};
  std::chrono::milliseconds first_retry{2};
  std::chrono::milliseconds max_retry{100};
  std::int64_t batch = 500;  // events per read
};

class EventRelay {
 public:
  // Runs on `executor` (one event loop).
  EventRelay(store::Database& db, platform::EventSink& sink, boost::asio::any_io_executor executor,
             EventRelaySettings settings = {});

  // New events may be readable. Any thread; cheap (coalesces until the relay has looked).
  void nudge();

  // Places the relay and the sink at the newest readable event: a relay delivers what is
  // written while it runs. Before the server accepts sockets, so that a socket's catch-up
  // always ends where live delivery begins. Throws when the database cannot answer.
  boost::asio::awaitable<void> begin();

  // Delivers until its loop stops (after begin()).
  boost::asio::awaitable<void> run();

 private:
  struct Delivery {
    bool delivered = false;  // anything was
    bool held_back = false;  // committed events wait for an older transaction
  };
  // Reads and delivers everything readable after position_.
  boost::asio::awaitable<Delivery> deliver_readable();

  store::EventRepository events_;
  platform::EventSink& sink_;
  EventRelaySettings settings_;
  platform::WakeUp wake_up_;
  store::EventPosition position_ = store::kBeforeAllEvents;
};

}  // namespace tandem::domain::notify
