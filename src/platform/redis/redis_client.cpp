#include "platform/redis/redis_client.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace tandem::platform {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

RedisClient::RedisClient(RedisEndpoint endpoint, RedisSettings settings)
    : keep_running_(io_.get_executor()),
      settings_(settings),
      connection_(io_.get_executor(), std::move(endpoint)),
      one_at_a_time_(settings.max_waiting),
      thread_([this] { io_.run(); }) {}

RedisClient::~RedisClient() {
  keep_running_.reset();
  io_.stop();
  thread_.join();
}

bool RedisClient::paused() const {
  return SteadyClock::now().time_since_epoch().count() < paused_until_.load();
}

std::optional<RedisReply> RedisClient::unavailable() {
  unavailable_.fetch_add(1);
  return std::nullopt;
}

asio::awaitable<std::optional<RedisReply>> RedisClient::try_command(std::vector<std::string> args) {
  if (paused()) co_return unavailable();
  // The connection belongs to the client's executor: run there, come back here.
  auto reply =
      co_await asio::co_spawn(io_.get_executor(), run(std::move(args)), asio::use_awaitable);
  co_return reply;
}

asio::awaitable<std::optional<RedisReply>> RedisClient::run(std::vector<std::string> args) {
  try {
    co_await one_at_a_time_.lock();
  } catch (const QueueFull&) {
    co_return unavailable();
  }
  struct Unlock {
    AsyncMutex& m;
    ~Unlock() { m.unlock(); }
  } unlock{one_at_a_time_};
  if (paused()) co_return unavailable();  // the command before this one failed
  try {
    auto reply = co_await connection_.command(args, settings_.deadline);
    if (paused_until_.exchange(0) != 0) spdlog::info("redis: available again");
    co_return reply;
  } catch (const RedisFailure& e) {
    const bool was_available = paused_until_.load() == 0;
    paused_until_.store((SteadyClock::now() + settings_.pause).time_since_epoch().count());
    if (was_available) spdlog::warn("{}; using the in-process fallbacks meanwhile", e.what());
  }
  co_return unavailable();
}

}  // namespace tandem::platform
