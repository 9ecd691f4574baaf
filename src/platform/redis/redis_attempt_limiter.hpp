#pragma once
// Login-attempt counters shared by every instance (REDIS_URL), so a limit holds across a
// cluster instead of once per instance. Each reservation is one Lua script, atomic on the Redis
// server across all of its quotas and all instances; a window opens with a quota's first attempt
// and lasts window_seconds (the key's TTL). When Redis is not available the in-process limiter
// decides instead (and /metrics counts it), so a login never fails or waits because of Redis.

#include <memory>

#include "platform/rate_limiter.hpp"
#include "platform/redis/redis_client.hpp"

namespace tandem::platform {

class RedisAttemptLimiter final : public AttemptLimiter {
 public:
  RedisAttemptLimiter(RedisClient& redis, std::int64_t window_seconds,
                      std::unique_ptr<AttemptLimiter> fallback);

  boost::asio::awaitable<std::variant<AttemptReservation, AttemptRefusal>> try_acquire(
      std::vector<AttemptQuota> quotas, std::int64_t now_seconds) override;
  boost::asio::awaitable<void> release(AttemptReservation reservation) override;
  boost::asio::awaitable<void> reset(std::string key) override;

 private:
  RedisClient& redis_;
  std::int64_t window_seconds_;
  std::unique_ptr<AttemptLimiter> fallback_;
};

}  // namespace tandem::platform
