#include "platform/rate_limiter.hpp"

#include <algorithm>

namespace tandem::platform {

// The overrides never suspend: each runs start to end under the lock, which is what makes a
// reservation atomic across its quotas and across threads.

boost::asio::awaitable<std::variant<AttemptReservation, AttemptRefusal>>
InProcessAttemptLimiter::try_acquire(std::vector<AttemptQuota> quotas, std::int64_t now) {
  std::lock_guard lock(mutex_);
  prune(now);
  std::int64_t wait = 0;
  for (const auto& quota : quotas) {
    auto it = windows_.find(quota.key);
    if (it == windows_.end() || expired(it->second, now)) continue;
    if (it->second.attempts >= quota.limit)
      wait = std::max(wait, window_ - (now - it->second.started));
  }
  if (wait > 0) co_return AttemptRefusal{wait};

  AttemptReservation reservation;
  reservation.charges.reserve(quotas.size());
  for (auto& quota : quotas) {
    auto [it, inserted] = windows_.try_emplace(quota.key, Window{0, now, 0});
    if (inserted || expired(it->second, now)) it->second = Window{next_window_id_++, now, 0};
    ++it->second.attempts;
    reservation.charges.push_back({std::move(quota.key), it->second.id});
  }
  co_return reservation;
}

boost::asio::awaitable<void> InProcessAttemptLimiter::release(AttemptReservation reservation) {
  std::lock_guard lock(mutex_);
  for (const auto& charge : reservation.charges) {
    auto it = windows_.find(charge.key);
    if (it == windows_.end() || it->second.id != charge.window) continue;
    if (--it->second.attempts <= 0) windows_.erase(it);
  }
  co_return;
}

boost::asio::awaitable<void> InProcessAttemptLimiter::reset(std::string key) {
  std::lock_guard lock(mutex_);
  windows_.erase(key);
  co_return;
}

void InProcessAttemptLimiter::prune(std::int64_t now) {
  // Bounded memory under a spray of distinct keys: drop expired windows once per window.
  if (now - last_prune_ < window_) return;
  last_prune_ = now;
  std::erase_if(windows_, [&](const auto& entry) { return expired(entry.second, now); });
}

}  // namespace tandem::platform
