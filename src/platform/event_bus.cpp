#include "platform/event_bus.hpp"

namespace tandem::platform {

void InProcessEventBus::publish(Event event) {
  std::vector<Subscriber> subscribers;
  {
    std::lock_guard lock(mutex_);
    subscribers = subscribers_;
  }
  for (const auto& s : subscribers) s(event);
}

void InProcessEventBus::subscribe(Subscriber subscriber) {
  std::lock_guard lock(mutex_);
  subscribers_.push_back(std::move(subscriber));
}

}  // namespace tandem::platform
