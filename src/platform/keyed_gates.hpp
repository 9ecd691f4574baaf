#pragma once
// One computation at a time per key, for caches that would otherwise stampede: when a cached
// answer expires under load, every concurrent request for it misses at once and computes the
// same thing (32 clients, 32 identical queries). A request that misses takes its key's gate,
// looks in the cache again (the one before it may have just stored the answer) and computes
// only if it still misses. Keys share a fixed set of gates by hash, so memory stays bounded and
// unrelated keys rarely wait for each other.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "platform/async_mutex.hpp"

namespace tandem::platform {

class KeyedGates {
 public:
  // `gates` mutexes, each with at most `max_waiters` waiting (beyond: QueueFull).
  KeyedGates(std::size_t gates, std::size_t max_waiters) {
    gates_.reserve(gates);
    for (std::size_t i = 0; i < gates; ++i)
      gates_.push_back(std::make_unique<AsyncMutex>(max_waiters));
  }

  // Held until destroyed; obtained from enter().
  class Pass {
   public:
    explicit Pass(AsyncMutex& gate) : gate_(&gate) {}
    Pass(Pass&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    Pass& operator=(Pass&&) = delete;
    ~Pass() {
      if (gate_ != nullptr) gate_->unlock();
    }

   private:
    AsyncMutex* gate_;
  };

  boost::asio::awaitable<Pass> enter(std::string_view key) {
    AsyncMutex& gate = *gates_[std::hash<std::string_view>{}(key) % gates_.size()];
    co_await gate.lock();
    co_return Pass(gate);
  }

 private:
  std::vector<std::unique_ptr<AsyncMutex>> gates_;
};

}  // namespace tandem::platform
