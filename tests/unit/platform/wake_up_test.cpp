#include "platform/wake_up.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <thread>

namespace tandem::platform {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

asio::awaitable<void> timed_wait(WakeUp& wake_up, Clock::duration longest, Clock::duration& took) {
  const auto start = Clock::now();
  co_await wake_up.wait_for(longest);
  took = Clock::now() - start;
}

// How long one wait_for(longest) takes on `io`, given what happens before and during it.
Clock::duration time_one_wait(asio::io_context& io, WakeUp& wake_up, Clock::duration longest) {
  Clock::duration took{};
  asio::co_spawn(io, timed_wait(wake_up, longest, took), asio::detached);
  io.run();
  io.restart();
  return took;
}

TEST(WakeUp, WaitsItsLongestWithoutANotification) {
  asio::io_context io;
  WakeUp wake_up(io.get_executor());
  EXPECT_GE(time_one_wait(io, wake_up, 50ms), 45ms);
}

TEST(WakeUp, ANotificationBeforeTheWaitIsNotLost) {
  asio::io_context io;
  WakeUp wake_up(io.get_executor());
  wake_up.notify();
  wake_up.notify();  // coalesced
  EXPECT_LT(time_one_wait(io, wake_up, 10s), 1s);
  // Consumed: the next wait sleeps again.
  EXPECT_GE(time_one_wait(io, wake_up, 50ms), 45ms);
}

TEST(WakeUp, ANotificationFromAnotherThreadEndsTheWait) {
  asio::io_context io;
  WakeUp wake_up(io.get_executor());
  std::thread notifier([&] {
    std::this_thread::sleep_for(50ms);
    wake_up.notify();
  });
  const auto took = time_one_wait(io, wake_up, 10s);
  notifier.join();
  EXPECT_LT(took, 5s);
  EXPECT_GE(took, 40ms);
}

}  // namespace
}  // namespace tandem::platform
