#pragma once
// One single-threaded io_context per core. A connection (and every database connection it uses)
// stays on the loop that accepted it, so per-loop state needs no locks.

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace tandem::platform {

class EventLoops {
 public:
  explicit EventLoops(std::size_t count);
  ~EventLoops();
  EventLoops(const EventLoops&) = delete;
  EventLoops& operator=(const EventLoops&) = delete;

  std::size_t size() const { return contexts_.size(); }
  boost::asio::io_context& loop(std::size_t i) { return *contexts_.at(i); }

  void start();  // one thread per loop
  void stop();   // drop the work guards and stop every context
  void join();
  // After join(): destroys the contexts and with them every unfinished handler and coroutine
  // frame, while the services those frames refer to still exist.
  void destroy();

 private:
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<std::optional<WorkGuard>> guards_;
  std::vector<std::thread> threads_;
};

}  // namespace tandem::platform
