#include "app/event_retention.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "platform/clock.hpp"
#include "store/events/event_repository.hpp"

namespace tandem::app {

namespace asio = boost::asio;

namespace {

constexpr std::int64_t kMicrosPerDay = 86'400LL * 1'000'000;

// False once the loop is stopping.
asio::awaitable<bool> pause(asio::steady_timer& timer, std::chrono::milliseconds period) {
  timer.expires_after(period);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

}  // namespace

std::int64_t event_retention_cutoff(std::int64_t now_micros, std::int64_t days) {
  return now_micros - days * kMicrosPerDay;
}

asio::awaitable<void> run_event_retention(store::Database& db, EventRetention retention) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  store::EventRepository events(db);
  for (;;) {
    std::int64_t deleted = 0;
    try {
      std::int64_t cutoff =
          event_retention_cutoff(platform::Clock::instance().now_micros(), retention.days);
      for (;;) {
        auto batch = co_await events.delete_expired_batch(cutoff, retention.batch);
        deleted += batch;
        if (batch < retention.batch) break;
        auto running = co_await pause(timer, retention.between_batches);
        if (!running) co_return;
      }
    } catch (const std::exception& e) {
      spdlog::warn("event retention failed: {}", e.what());
    }
    if (deleted > 0)
      spdlog::info("event retention: deleted {} events older than {} days", deleted,
                   retention.days);
    auto running = co_await pause(timer, retention.between_sweeps);
    if (!running) co_return;
  }
}

}  // namespace tandem::app
