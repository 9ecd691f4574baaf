#pragma once
// Counts failures per key in a fixed window (login attempts per account and per client address).
// In-process: each instance limits on its own, which bounds a brute force to N x limit.

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tandem::platform {

class FailureRateLimiter {
 public:
  FailureRateLimiter(std::int64_t limit, std::int64_t window_seconds)
      : limit_(limit), window_(window_seconds) {}

  // Seconds until `key` may try again, or 0 when it may try now.
  std::int64_t retry_after(const std::string& key, std::int64_t now_seconds);
  void record_failure(const std::string& key, std::int64_t now_seconds);
  void reset(const std::string& key);

 private:
  struct Window {
    std::int64_t started;
    std::int64_t failures;
  };
  void prune(std::int64_t now_seconds);

  std::int64_t limit_;
  std::int64_t window_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
  std::int64_t last_prune_ = 0;
};

}  // namespace tandem::platform
