#include "platform/http/prologue_handler.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <string>

namespace tandem::http {
namespace {

struct Counters {
  int prologues = 0;
  int handlers = 0;
};

struct Caller {
  std::string name;
};

// Refuses a request without X-User, as a face's authentication would.
boost::asio::awaitable<PrologueResult<Caller>> admit(Counters& counters, const Request& req) {
  ++counters.prologues;
  auto user = req.header("x-user");
  if (!user) co_return Response::json_text(401, R"({"error":"who are you"})");
  co_return Caller{std::string(*user)};
}

boost::asio::awaitable<Response> greet(Counters& counters, Request& req, Caller& caller) {
  ++counters.handlers;
  co_return Response::json_text(200, caller.name + " " + req.target);
}

Response serve(const Handler& handler, Request& req) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, handler(req), boost::asio::use_future);
  io.run();
  return future.get();
}

TEST(PrologueHandlerTest, HandlerGetsWhatThePrologueFound) {
  Counters counters;
  auto begin = [](Counters& c, const Request& r) { return admit(c, r); };
  Handler handler = with_prologue(counters, begin, greet);
  Request req;
  req.target = "/hello";
  req.headers.push_back({"X-User", "ada"});
  auto res = serve(handler, req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "ada /hello");
  EXPECT_EQ(counters.prologues, 1);
  EXPECT_EQ(counters.handlers, 1);
}

TEST(PrologueHandlerTest, EarlyResponseEndsTheRequestBeforeTheHandler) {
  Counters counters;
  auto begin = [](Counters& c, const Request& r) { return admit(c, r); };
  Handler handler = with_prologue(counters, begin, greet);
  Request req;
  req.target = "/hello";
  auto res = serve(handler, req);
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.body, R"({"error":"who are you"})");
  EXPECT_EQ(counters.prologues, 1);
  EXPECT_EQ(counters.handlers, 0);
}

}  // namespace
}  // namespace tandem::http
