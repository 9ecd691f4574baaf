#pragma once
// Domain events published after commit. In-process by default; a Redis-backed bus (REDIS_URL)
// implements the same interface so several instances fan out to their WebSocket clients.

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
  std::vector<std::string> recipients;  // user uuids; the WebSocket hub delivers only to these
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
