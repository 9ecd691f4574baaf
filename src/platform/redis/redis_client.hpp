#pragma once
// Redis as Tandem uses it (REDIS_URL): never on a request's critical path. Every command has a
// short deadline, and after a failure Redis is not asked again for a while (callers get "not
// available" at once and use their in-process fallback), so a Redis that is down or slow costs a
// request at most one short deadline per pause, not a wait per request. Commands from any thread
// run one at a time on the client's own connection, on a thread of its own (Redis I/O never
// runs on an event loop that serves requests).

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "platform/async_mutex.hpp"
#include "platform/redis/redis_connection.hpp"

namespace tandem::platform {

struct RedisSettings {
  std::chrono::milliseconds deadline{25};  // per command, connecting included
  std::chrono::milliseconds pause{1000};   // after a failure, before Redis is asked again
  std::size_t max_waiting = 1024;          // commands queued behind the one in flight
};

class RedisClient {
 public:
  explicit RedisClient(RedisEndpoint endpoint, RedisSettings settings = {});
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  boost::asio::any_io_executor executor() { return io_.get_executor(); }

  // The reply, or nullopt when Redis is not available now (down, slow, paused after a
  // failure, or too many commands waiting). Any thread; never throws.
  boost::asio::awaitable<std::optional<RedisReply>> try_command(std::vector<std::string> args);

  // Failed or skipped commands since start (the /metrics counter).
  std::uint64_t unavailable_count() const { return unavailable_.load(); }

 private:
  boost::asio::awaitable<std::optional<RedisReply>> run(std::vector<std::string> args);
  bool paused() const;
  std::optional<RedisReply> unavailable();

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> keep_running_;
  RedisSettings settings_;
  RedisConnection connection_;
  AsyncMutex one_at_a_time_;
  std::atomic<std::int64_t> paused_until_{0};  // steady clock ticks
  std::atomic<std::uint64_t> unavailable_{0};
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace tandem::platform
