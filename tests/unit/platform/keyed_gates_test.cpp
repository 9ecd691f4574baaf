#include "platform/keyed_gates.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>
#include <vector>

#include "platform/spawn_logged.hpp"

namespace tandem::platform {
namespace {

namespace asio = boost::asio;

// Holds `key`'s gate across a few turns of the event loop, recording when it entered and left.
asio::awaitable<void> hold(KeyedGates& gates, std::string key, std::string name,
                           std::vector<std::string>& trace) {
  auto pass = co_await gates.enter(key);
  trace.push_back(name + " in");
  for (int i = 0; i < 3; ++i) co_await asio::post(asio::use_awaitable);
  trace.push_back(name + " out");
}

TEST(KeyedGatesTest, OneHolderPerKeyTheOthersWaitTheirTurn) {
  asio::io_context io;
  KeyedGates gates(1, 16);  // one gate: every key shares it
  std::vector<std::string> trace;
  asio::co_spawn(io, hold(gates, "page", "a", trace), logged("test"));
  asio::co_spawn(io, hold(gates, "page", "b", trace), logged("test"));
  io.run();
  EXPECT_EQ(trace, (std::vector<std::string>{"a in", "a out", "b in", "b out"}));
}

TEST(KeyedGatesTest, AGateIsFreeAgainAfterItsHolderLeaves) {
  asio::io_context io;
  KeyedGates gates(4, 16);
  std::vector<std::string> trace;
  asio::co_spawn(io, hold(gates, "page", "a", trace), logged("test"));
  io.run();
  io.restart();
  asio::co_spawn(io, hold(gates, "page", "b", trace), logged("test"));
  io.run();
  EXPECT_EQ(trace, (std::vector<std::string>{"a in", "a out", "b in", "b out"}));
}

}  // namespace
}  // namespace tandem::platform
