#include "platform/redis/redis_attempt_limiter.hpp"

namespace tandem::platform {

namespace {

constexpr std::string_view kPrefix = "tandem:attempts:";

// KEYS: the quotas' keys; ARGV[1]: the window in seconds, ARGV[1 + i]: quota i's limit.
// Returns {0, seconds to wait} or {1, window id of each key}.
constexpr const char* kAcquire = R"lua(
local wait = 0
for i, key in ipairs(KEYS) do
  local n = tonumber(redis.call('HGET', key, 'n') or '0')
  if n >= tonumber(ARGV[i + 1]) then
    local ttl = redis.call('TTL', key)
    if ttl < 1 then ttl = 1 end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return {0, wait} end
local out = {1}
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'id', redis.call('INCR', 'tandem:attempts:next-window'))
    redis.call('EXPIRE', key, ARGV[1])
  end
  redis.call('HINCRBY', key, 'n', 1)
  out[i + 1] = tonumber(redis.call('HGET', key, 'id'))
end
return out
)lua";

// KEYS: the charged keys; ARGV[i]: the window id charged on key i (a later window keeps its
// attempts).
constexpr const char* kRelease = R"lua(
for i, key in ipairs(KEYS) do
  if redis.call('HGET', key, 'id') == ARGV[i] then
    if redis.call('HINCRBY', key, 'n', -1) <= 0 then redis.call('DEL', key) end
  end
end
return 1
)lua";

std::string redis_key(const std::string& key) { return std::string(kPrefix) + key; }

}  // namespace

RedisAttemptLimiter::RedisAttemptLimiter(RedisClient& redis, std::int64_t window_seconds,
                                         std::unique_ptr<AttemptLimiter> fallback)
    : redis_(redis), window_seconds_(window_seconds), fallback_(std::move(fallback)) {}

boost::asio::awaitable<std::variant<AttemptReservation, AttemptRefusal>>
RedisAttemptLimiter::try_acquire(std::vector<AttemptQuota> quotas, std::int64_t now_seconds) {
  std::vector<std::string> args{"EVAL", kAcquire, std::to_string(quotas.size())};
  for (const auto& quota : quotas) args.push_back(redis_key(quota.key));
  args.push_back(std::to_string(window_seconds_));
  for (const auto& quota : quotas) args.push_back(std::to_string(quota.limit));
  auto reply = co_await redis_.try_command(std::move(args));
  const bool well_formed = reply && reply->kind == RedisReply::Kind::array &&
                           reply->elements.size() >= 2 &&
                           reply->elements[0].kind == RedisReply::Kind::integer;
  if (!well_formed) {
    auto decided = co_await fallback_->try_acquire(std::move(quotas), now_seconds);
    co_return decided;
  }
  if (reply->elements[0].integer == 0) co_return AttemptRefusal{reply->elements[1].integer};
  AttemptReservation reservation;
  reservation.shared = true;
  for (std::size_t i = 0; i < quotas.size() && i + 1 < reply->elements.size(); ++i) {
    reservation.charges.push_back(
        {std::move(quotas[i].key), static_cast<std::uint64_t>(reply->elements[i + 1].integer)});
  }
  co_return reservation;
}

boost::asio::awaitable<void> RedisAttemptLimiter::release(AttemptReservation reservation) {
  if (!reservation.shared) {
    co_await fallback_->release(std::move(reservation));
    co_return;
  }
  std::vector<std::string> args{"EVAL", kRelease, std::to_string(reservation.charges.size())};
  for (const auto& charge : reservation.charges) args.push_back(redis_key(charge.key));
  for (const auto& charge : reservation.charges) args.push_back(std::to_string(charge.window));
  // Unavailable: the attempts stay counted until their window ends, which errs on the safe side.
  auto reply = co_await redis_.try_command(std::move(args));
  (void)reply;
}

boost::asio::awaitable<void> RedisAttemptLimiter::reset(std::string key) {
  // Named first: g++ 12 miscompiles a braced list of temporaries inside co_await.
  std::vector<std::string> args{"DEL", redis_key(key)};
  auto reply = co_await redis_.try_command(std::move(args));
  (void)reply;
  co_await fallback_->reset(std::move(key));
}

}  // namespace tandem::platform
