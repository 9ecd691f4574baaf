#pragma once
// The completion handler for coroutines spawned to run on their own (instead of asio::detached):
// an exception that leaves such a coroutine is logged with what the coroutine was doing and goes
// no further. With asio::detached it would be rethrown out of io_context::run() and end the
// process, so one bad request or one broken socket could take every other client down with it.

#include <exception>

namespace tandem::platform {

class LogEscapedException {
 public:
  explicit LogEscapedException(const char* activity) : activity_(activity) {}
  void operator()(std::exception_ptr failure) const;

 private:
  const char* activity_;  // e.g. "http connection"; a literal, so it outlives the coroutine
};

// Usage: asio::co_spawn(executor, work(), platform::logged("websocket writer"));
inline LogEscapedException logged(const char* activity) { return LogEscapedException(activity); }

}  // namespace tandem::platform
