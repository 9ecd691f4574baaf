#include "platform/redis/redis_event_mirror.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json/serialize.hpp>

namespace tandem::platform {

namespace {

boost::asio::awaitable<void> publish(RedisClient& redis, std::string channel, std::string message) {
  std::vector<std::string> args{"PUBLISH", std::move(channel), std::move(message)};
  auto reply = co_await redis.try_command(std::move(args));
  (void)reply;  // unavailable: counted by the client, not retried (at most once)
}

}  // namespace

std::string RedisEventMirror::message(const Event& event) {
  boost::json::object body = event.payload;
  boost::json::array recipients;
  for (const auto& user : event.recipients) recipients.emplace_back(user);
  body["_recipients"] = std::move(recipients);
  return boost::json::serialize(body);
}

void RedisEventMirror::mirror(const Event& event) {
  boost::asio::co_spawn(executor_, publish(redis_, event.channel, message(event)),
                        boost::asio::detached);
}

}  // namespace tandem::platform
