#pragma once
// A FIFO mutex for coroutines on any thread: waiters are resumed on their own executor. The wait
// queue is bounded so an overloaded resource answers "busy" instead of piling up memory.

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace tandem::platform {

class QueueFull : public std::runtime_error {
 public:
  QueueFull() : std::runtime_error("wait queue full") {}
};

class AsyncMutex {
 public:
  explicit AsyncMutex(std::size_t max_waiters) : max_waiters_(max_waiters) {}

  // Throws QueueFull when max_waiters are already waiting.
  boost::asio::awaitable<void> lock() {
    return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                       void(std::exception_ptr)>(
        [this](auto handler) { enqueue(std::move(handler)); }, boost::asio::use_awaitable);
  }

  void unlock() {
    std::unique_ptr<Waiter> next;
    {
      std::lock_guard guard(mutex_);
      if (waiters_.empty()) {
        locked_ = false;
        return;
      }
      next = std::move(waiters_.front());
      waiters_.pop_front();
    }
    next->resume(nullptr);  // ownership passes straight to the next waiter
  }

 private:
  struct Waiter {
    virtual ~Waiter() = default;
    virtual void resume(std::exception_ptr error) = 0;
  };
  template <typename Handler>
  struct HandlerWaiter : Waiter {
    explicit HandlerWaiter(Handler h) : handler(std::move(h)) {}
    void resume(std::exception_ptr error) override {
      auto ex = boost::asio::get_associated_executor(handler);
      boost::asio::post(ex, [h = std::move(handler), error]() mutable { h(error); });
    }
    Handler handler;
  };

  template <typename Handler>
  void enqueue(Handler handler) {
    auto waiter = std::make_unique<HandlerWaiter<Handler>>(std::move(handler));
    {
      std::lock_guard guard(mutex_);
      if (locked_) {
        if (waiters_.size() < max_waiters_) {
          waiters_.push_back(std::move(waiter));
          return;
        }
      } else {
        locked_ = true;
        waiter->resume(nullptr);
        return;
      }
    }
    waiter->resume(std::make_exception_ptr(QueueFull()));
  }

  std::mutex mutex_;
  bool locked_ = false;
  std::deque<std::unique_ptr<Waiter>> waiters_;
  std::size_t max_waiters_;
};

}  // namespace tandem::platform
