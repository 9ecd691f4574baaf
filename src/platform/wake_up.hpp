#pragma once
// A coalescing wake-up for one background coroutine that otherwise sleeps (the event relay, the
// revocation sync): any thread may notify(); the coroutine's wait_for() returns at the first
// notification or after its longest wait, whichever comes first. Notifications that arrive
// while the coroutine is busy are not lost: the next wait_for() returns at once. The coroutine
// does its work *after* wait_for() returns, so whatever a notification announced is seen.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

namespace tandem::platform {

class WakeUp {
 public:
  // The waiting coroutine runs on `executor`.
  explicit WakeUp(boost::asio::any_io_executor executor) : executor_(executor), timer_(executor) {}

  // Any thread; cheap when a notification is already pending.
  void notify() {
    if (pending_.exchange(true, std::memory_order_acq_rel)) return;
    // The timer belongs to the waiter's executor: cancel it there.
    boost::asio::post(executor_, [this] { timer_.cancel(); });
  }

  // On the executor given above.
  boost::asio::awaitable<void> wait_for(std::chrono::steady_clock::duration longest) {
    if (!pending_.exchange(false, std::memory_order_acq_rel)) {
      timer_.expires_after(longest);
      boost::system::error_code ec;  // operation_aborted: notified
      co_await timer_.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      pending_.store(false, std::memory_order_release);
    }
  }

 private:
  boost::asio::any_io_executor executor_;
  boost::asio::steady_timer timer_;
  std::atomic<bool> pending_{false};
};

}  // namespace tandem::platform
