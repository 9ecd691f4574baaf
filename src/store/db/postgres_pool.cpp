#include "store/db/postgres_pool.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "platform/metrics.hpp"
#include "platform/spawn_logged.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store::pg {

void Lease::reset() {
  if (connection_) pool_->release(std::move(connection_));
  pool_.reset();
}

Pool::Pool(asio::any_io_executor executor, std::shared_ptr<const PostgresOptions> options)
    : executor_(std::move(executor)),
      options_(std::move(options)),
      owner_(std::this_thread::get_id()) {}

asio::awaitable<Lease> Pool::acquire(std::shared_ptr<Pool> self) {
  if (self->closed_) throw DatabaseError(Kind::unavailable, "the database is closed");
  while (!self->idle_.empty()) {
    auto c = std::move(self->idle_.back());
    self->idle_.pop_back();
    if (c->usable()) co_return Lease(self, std::move(c));
    --self->slots_;  // nobody waits while a connection is idle, so the slot simply frees
  }
  if (self->slots_ < static_cast<std::size_t>(self->options_->connections_per_loop)) {
    ++self->slots_;
    auto lease = co_await open_connection(self);
    co_return lease;
  }
  if (self->waiters_.size() >= self->options_->max_waiters_per_loop) {
    throw DatabaseError(Kind::overloaded, "too many callers are waiting for a connection");
  }
  Waiter waiter(self->executor_);
  WaiterGuard guard{*self, waiter};
  self->waiters_.push_back(&waiter);
  auto wait_started = std::chrono::steady_clock::now();
  while (!waiter.woken) {
    ErrorCode ec;
    co_await waiter.timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  std::chrono::duration<double> waited = std::chrono::steady_clock::now() - wait_started;
  platform::Metrics::instance().record_db_wait(waited.count());
  waiter.claimed = true;
  if (waiter.failure) throw DatabaseError(Kind::unavailable, *waiter.failure);
  if (waiter.connection) co_return Lease(self, std::move(waiter.connection));
  auto lease = co_await open_connection(self);
  co_return lease;
}

void Pool::release(std::unique_ptr<Connection> connection) {
  if (!connection) return;
  if (closed_ || connection->broken() || connection->in_flight) {
    connection.reset();
    free_slot();
    return;
  }
  if (connection->in_transaction) {
    // Roll back now rather than at the next checkout: an abandoned transaction can hold row
    // locks that other loops' requests are waiting for.
    asio::co_spawn(executor_, roll_back(shared_from_this(), std::move(connection)),
                   platform::logged("postgres rollback"));
    return;
  }
  if (!waiters_.empty()) {
    Waiter* w = waiters_.front();
    waiters_.pop_front();
    w->connection = std::move(connection);
    w->woken = true;
    w->timer.cancel();
    return;
  }
  idle_.push_back(std::move(connection));
}

void Pool::close() {
  closed_ = true;
  slots_ -= idle_.size();
  idle_.clear();
  fail_waiters("the database is closed");
}

Pool::WaiterGuard::~WaiterGuard() {
  if (!waiter.woken) {
    auto& q = pool.waiters_;
    q.erase(std::remove(q.begin(), q.end(), &waiter), q.end());
  } else if (!waiter.claimed && !waiter.failure) {
    if (waiter.connection) {
      pool.release(std::move(waiter.connection));
    } else {
      pool.free_slot();
    }
  }
}

asio::awaitable<Lease> Pool::open_connection(std::shared_ptr<Pool> self) {
  SlotGuard slot{*self};
  try {
    auto connection = co_await connect(self->executor_, self->options_);
    if (auto timeout = self->options_->statement_timeout.count(); timeout > 0) {
      // A session setting, so it holds for every statement the connection runs; the text is
      // built from an integer only.
      const Statement set_timeout("", "SET statement_timeout = " + std::to_string(timeout));
      const SqlParams no_params;
      auto set = co_await connection->run(false, set_timeout, no_params);
    }
    slot.armed = false;
    co_return Lease(self, std::move(connection));
  } catch (const std::exception& e) {
    slot.armed = false;
    self->connect_failed(e.what());
    throw;
  }
}

asio::awaitable<void> Pool::roll_back(std::shared_ptr<Pool> self,
                                      std::unique_ptr<Connection> connection) {
  Connection& c = *connection;
  Lease lease(self, std::move(connection));
  const SqlParams no_params;
  try {
    auto result = co_await c.run(false, kRollback, no_params);
    c.in_transaction = false;
  } catch (const std::exception&) {
    c.mark_broken();
  }
}

void Pool::free_slot() {
  if (!closed_ && !waiters_.empty()) {
    Waiter* w = waiters_.front();
    waiters_.pop_front();
    w->woken = true;
    w->timer.cancel();
    return;
  }
  --slots_;
}

void Pool::connect_failed(const std::string& message) {
  --slots_;
  if (slots_ == 0) fail_waiters(message);
}

void Pool::fail_waiters(const std::string& message) {
  while (!waiters_.empty()) {
    Waiter* w = waiters_.front();
    waiters_.pop_front();
    w->woken = true;
    w->failure = message;
    w->timer.cancel();
  }
}

}  // namespace tandem::store::pg
