#include "platform/spawn_logged.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>

namespace tandem::platform {
namespace {

boost::asio::awaitable<void> fails() {
  throw std::length_error("field value too large");
  co_return;
}

boost::asio::awaitable<void> succeeds(int& runs) {
  ++runs;
  co_return;
}

// With asio::detached the exception would leave io_context::run() and end the process.
TEST(SpawnLoggedTest, AnExceptionEndsOnlyItsOwnCoroutine) {
  boost::asio::io_context io;
  int runs = 0;
  boost::asio::co_spawn(io, fails(), logged("test coroutine"));
  boost::asio::co_spawn(io, succeeds(runs), logged("test coroutine"));
  EXPECT_NO_THROW(io.run());
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace tandem::platform
