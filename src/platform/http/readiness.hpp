#pragma once
// Whether this instance still wants new traffic. Graceful shutdown withdraws it first: /readyz
// turns 503 and responses close their connections, while requests are still served, so a load
// balancer that polls /readyz moves clients elsewhere before the listener closes
// (TANDEM_DRAIN_MS). Read on every event loop, set once from the signal thread.

#include <atomic>

namespace tandem::http {

class Readiness {
 public:
  void begin_drain() { draining_.store(true, std::memory_order_relaxed); }
  bool draining() const { return draining_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> draining_{false};
};

}  // namespace tandem::http
