#pragma once
// Mirrors events to the original's Redis channels (task_updates, kanban_updates,
// project_updates) for consumers outside Tandem, as spec/flowtrack.md §4 describes: the frame's
// JSON plus "_recipients". Sockets never depend on it (they are fed from the stored events), so
// each event is published once, by the instance that wrote it, after its commit, and never
// retried: while Redis is unavailable events are not mirrored (and /metrics counts them), and a
// publish is never repeated, so no consumer sees an event twice.

#include <boost/asio/any_io_executor.hpp>
#include <string>

#include "platform/event_bus.hpp"
#include "platform/redis/redis_client.hpp"

namespace tandem::platform {

class RedisEventMirror {
 public:
  RedisEventMirror(RedisClient& redis, boost::asio::any_io_executor executor)
      : redis_(redis), executor_(executor) {}

  // A bus subscriber: returns at once, the publish runs on the mirror's executor.
  void mirror(const Event& event);

  // The message published for an event.
  static std::string message(const Event& event);

 private:
  RedisClient& redis_;
  boost::asio::any_io_executor executor_;
};

}  // namespace tandem::platform
