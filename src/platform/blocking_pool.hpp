#pragma once
// A small bounded pool for CPU-heavy blocking work (password hashing), so event loops never
// block. Beyond `max_queued` jobs waiting, callers get QueueFull (answered as 503).

#include <atomic>
#include <boost/asio/thread_pool.hpp>

#include "platform/async_mutex.hpp"
#include "platform/offload.hpp"

namespace tandem::platform {

class BlockingPool {
 public:
  BlockingPool(std::size_t threads, std::size_t max_queued)
      : pool_(threads == 0 ? 1 : threads), max_queued_(max_queued) {}
  ~BlockingPool() { pool_.join(); }

  // Waits for queued jobs to finish; their results are posted to the (stopped) loops.
  void join() { pool_.join(); }

  template <typename Fn>
  boost::asio::awaitable<std::invoke_result_t<Fn&>> run(Fn fn) {
    if (pending_.fetch_add(1) >= max_queued_) {
      pending_.fetch_sub(1);
      throw QueueFull();
    }
    struct Done {
      std::atomic<std::size_t>& n;
      ~Done() { n.fetch_sub(1); }
    } done{pending_};
    auto result = co_await run_on(pool_.get_executor(), std::move(fn));
    co_return result;
  }

 private:
  boost::asio::thread_pool pool_;
  std::atomic<std::size_t> pending_{0};
  std::size_t max_queued_;
};

}  // namespace tandem::platform
