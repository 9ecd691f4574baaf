#include "platform/rate_limiter.hpp"

namespace tandem::platform {

std::int64_t FailureRateLimiter::retry_after(const std::string& key, std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = windows_.find(key);
  if (it == windows_.end()) return 0;
  if (now - it->second.started >= window_) {
    windows_.erase(it);
    return 0;
  }
  if (it->second.failures < limit_) return 0;
  return window_ - (now - it->second.started);
}

void FailureRateLimiter::record_failure(const std::string& key, std::int64_t now) {
  std::lock_guard lock(mutex_);
  prune(now);
  auto [it, inserted] = windows_.try_emplace(key, Window{now, 0});
  if (!inserted && now - it->second.started >= window_) it->second = Window{now, 0};
  ++it->second.failures;
}

void FailureRateLimiter::reset(const std::string& key) {
  std::lock_guard lock(mutex_);
  windows_.erase(key);
}

void FailureRateLimiter::prune(std::int64_t now) {
  // Bounded memory under a spray of distinct keys: drop expired windows once per window.
  if (now - last_prune_ < window_) return;
  last_prune_ = now;
  for (auto it = windows_.begin(); it != windows_.end();) {
    if (now - it->second.started >= window_)
      it = windows_.erase(it);
    else
      ++it;
  }
}

}  // namespace tandem::platform
