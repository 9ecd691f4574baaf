#pragma once
// Counts attempts per key in a fixed window (login attempts per account, per account and client
// address, per client address). An attempt is reserved before the work it guards starts, in one
// step for all of its keys, so concurrent attempts can never get past a limit together.
//
// The interface is asynchronous so that a shared store (Redis) can implement it without blocking
// an event loop; the in-process limiter below bounds a brute force to N instances x limit.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace tandem::platform {

// One counter an attempt is charged to: at most `limit` attempts per window on `key`.
struct AttemptQuota {
  std::string key;
  std::int64_t limit;
};

// The attempts one successful try_acquire charged, so they can be handed back.
struct AttemptReservation {
  struct Charge {
    std::string key;
    std::uint64_t window;  // which window was charged: a later one (after expiry, reset) is not
  };
  std::vector<Charge> charges;
  bool shared = false;  // charged to the counters all instances share (Redis), not this process's
};

struct AttemptRefusal {
  std::int64_t retry_after_seconds;  // until every exhausted quota has room again
};

class AttemptLimiter {
 public:
  virtual ~AttemptLimiter() = default;

  // Atomically: when every quota has room in its current window, charges one attempt to each and
  // returns the reservation; otherwise charges nothing and says how long to wait.
  virtual boost::asio::awaitable<std::variant<AttemptReservation, AttemptRefusal>> try_acquire(
      std::vector<AttemptQuota> quotas, std::int64_t now_seconds) = 0;
  // Hands the reserved attempts back: the attempt turned out not to count (it succeeded, or it
  // failed before the guarded work ran).
  virtual boost::asio::awaitable<void> release(AttemptReservation reservation) = 0;
  // Forgets every attempt charged to `key` in its current window.
  virtual boost::asio::awaitable<void> reset(std::string key) = 0;
};

class InProcessAttemptLimiter final : public AttemptLimiter {
 public:
  explicit InProcessAttemptLimiter(std::int64_t window_seconds) : window_(window_seconds) {}

  boost::asio::awaitable<std::variant<AttemptReservation, AttemptRefusal>> try_acquire(
      std::vector<AttemptQuota> quotas, std::int64_t now_seconds) override;
  boost::asio::awaitable<void> release(AttemptReservation reservation) override;
  boost::asio::awaitable<void> reset(std::string key) override;

 private:
  struct Window {
    std::uint64_t id;
    std::int64_t started;
    std::int64_t attempts;
  };
  bool expired(const Window& w, std::int64_t now) const { return now - w.started >= window_; }
  void prune(std::int64_t now_seconds);

  std::int64_t window_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
  std::int64_t last_prune_ = 0;
  std::uint64_t next_window_id_ = 1;
};

}  // namespace tandem::platform
