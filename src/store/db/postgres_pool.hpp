#pragma once
// The connections of one PostgreSQL Database on one event loop, and the Lease through which a
// caller borrows one of them.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/db/postgres_connection.hpp"
#include "store/db/postgres_database.hpp"

namespace tandem::store::pg {

class Pool;

// A connection on loan from a pool; returning it is the destructor's job, because a destructor
// is the one place that runs on every path out of a coroutine.
class Lease {
 public:
  Lease() = default;
  Lease(std::shared_ptr<Pool> pool, std::unique_ptr<Connection> connection)
      : pool_(std::move(pool)), connection_(std::move(connection)) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&& other) noexcept {
    if (this != &other) {
      reset();
      pool_ = std::move(other.pool_);
      connection_ = std::move(other.connection_);
    }
    return *this;
  }
  ~Lease() { reset(); }

  void reset();
  Connection* operator->() const { return connection_.get(); }
  explicit operator bool() const { return connection_ != nullptr; }

 private:
  std::shared_ptr<Pool> pool_;
  std::unique_ptr<Connection> connection_;
};

// Touched only from its event loop's thread.
class Pool : public std::enable_shared_from_this<Pool> {
 public:
  Pool(asio::any_io_executor executor, std::shared_ptr<const PostgresOptions> options);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  const asio::any_io_executor& executor() const { return executor_; }
  std::thread::id owner() const { return owner_; }

  static asio::awaitable<Lease> acquire(std::shared_ptr<Pool> self);

  void release(std::unique_ptr<Connection> connection);

  // The Database or the event loop is going away: stop lending and drop what is idle.
  void close();

 private:
  struct Waiter {
    explicit Waiter(const asio::any_io_executor& executor)
        : timer(executor, asio::steady_timer::time_point::max()) {}
    asio::steady_timer timer;
    bool woken = false;    // handed `connection`, or a slot to open one when it is null
    bool claimed = false;  // the waiting coroutine took over what it was handed
    std::unique_ptr<Connection> connection;
    std::optional<std::string> failure;
  };

  // Runs if the waiting coroutine is destroyed instead of resumed (its loop shut down).
  struct WaiterGuard {
    Pool& pool;
    Waiter& waiter;
    ~WaiterGuard();
  };

  struct SlotGuard {
    Pool& pool;
    bool armed = true;
    ~SlotGuard() {
      if (armed) pool.free_slot();
    }
  };

  // Opens a connection with a slot already counted in slots_.
  static asio::awaitable<Lease> open_connection(std::shared_ptr<Pool> self);

  static asio::awaitable<void> roll_back(std::shared_ptr<Pool> self,
                                         std::unique_ptr<Connection> connection);

  // A slot came free: the first waiter gets it to open a connection of its own.
  void free_slot();

  // When nothing is left that could ever serve the queue, fail it now instead of leaving it to
  // wait forever; otherwise the live connections will serve it in turn.
  void connect_failed(const std::string& message);

  void fail_waiters(const std::string& message);

  asio::any_io_executor executor_;
  std::shared_ptr<const PostgresOptions> options_;
  std::thread::id owner_;
  std::vector<std::unique_ptr<Connection>> idle_;  // most recently used last
  std::size_t slots_ = 0;                          // connections open or being opened
  std::deque<Waiter*> waiters_;
  bool closed_ = false;
};

}  // namespace tandem::store::pg
