#pragma once
// Domain events published after their transaction committed, in the process that wrote them.
// Sockets are not fed from here: they get events from the stored rows (domain/notify's relay,
// which a publish only wakes), so every instance delivers the same events the same way. What
// subscribes here is what must happen once per event, where it was written (the relay's nudge;
// mirroring to outside channels).

#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tandem::platform {

struct Event {
  std::string channel;                  // e.g. "task_updates", "kanban_updates", "project_updates"
  boost::json::object payload;          // the frame clients receive
  std::vector<std::string> recipients;  // user uuids, as stored with the event
};

class EventBus {
 public:
  using Subscriber = std::function<void(const Event&)>;
  virtual ~EventBus() = default;
  // Never throws and never blocks: a failing transport must not fail the HTTP request.
  virtual void publish(Event event) = 0;
  // Subscribers are called on the publishing thread (in-process) or a bus thread (Redis);
  // they must hand work to their own loops and return quickly.
  virtual void subscribe(Subscriber subscriber) = 0;
};

class InProcessEventBus final : public EventBus {
 public:
  void publish(Event event) override;
  void subscribe(Subscriber subscriber) override;

 private:
  std::mutex mutex_;
  std::vector<Subscriber> subscribers_;
};

}  // namespace tandem::platform
