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

  // Shutdown: jobs that have not started give up (QueueFull) instead of hashing for a client
  // that is gone, so a backlog of logins cannot hold the process past its deadline. Waits for
  // the jobs in progress; all results are posted to the (stopped) loops.
  void join() {
    stopping_.store(true);
    pool_.join();
  }

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
    auto guarded = [this, work = std::move(fn)]() mutable {
      if (stopping_.load()) throw QueueFull();
      return work();
    };
    auto result = co_await run_on(pool_.get_executor(), std::move(guarded));
    co_return result;
  }

 private:
  boost::asio::thread_pool pool_;
  std::atomic<std::size_t> pending_{0};
  std::atomic<bool> stopping_{false};
  std::size_t max_queued_;
};

}  // namespace tandem::platform
