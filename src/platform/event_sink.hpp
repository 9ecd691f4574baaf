#pragma once
// Where delivered events go: the relay (domain/notify/event_relay.hpp) reads stored events in
// the shared order and hands each batch to a sink (the WebSocket hub) with the position the
// batch ends at, so the sink always knows where its live stream stands.

#include <memory>
#include <string>
#include <vector>

#include "platform/event_mark.hpp"

namespace tandem::platform {

// One event's frame, serialised once, and the users it is for.
struct EventFrame {
  std::shared_ptr<const std::string> text;
  EventMark position;
  std::vector<std::string> recipients;  // user ids; a user listed twice gets it once
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Where live delivery begins, before the first batch.
  virtual void start_at(EventMark through) = 0;
  // A batch in order; `through` is the position of its last event. Batches come one at a time.
  virtual void deliver(const std::vector<EventFrame>& frames, EventMark through) = 0;
};

}  // namespace tandem::platform
