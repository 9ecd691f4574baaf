#pragma once
// HTTP/1.1 server: one SO_REUSEPORT acceptor per event loop, keep-alive, pipelined requests
// answered in order, explicit limits and timeouts, graceful drain on shutdown.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "platform/event_loops.hpp"
#include "platform/request_pipeline.hpp"

namespace tandem::http {
class WebSocketHub;
}

namespace tandem::http {

struct HttpLimits {
  std::size_t max_header_bytes = 16 * 1024;          // beyond: 431
  std::size_t max_body_bytes = 1024 * 1024;          // beyond: 413
  std::chrono::milliseconds header_timeout{10'000};  // whole header block, once it has started
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};  // between requests on a kept-alive connection
  std::chrono::milliseconds write_timeout{30'000};
  std::size_t max_connections = 10'000;  // per process; beyond, new connections are closed
};

class HttpServer {
 public:
  HttpServer(platform::EventLoops& loops, RequestPipeline& pipeline, HttpLimits limits);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds one acceptor per loop; port 0 picks a free port shared by all of them.
  void listen(const std::string& host, std::uint16_t port);
  std::uint16_t port() const { return port_; }

  // Upgrade requests whose path matches one of the hub's routes become WebSockets.
  void set_websocket_hub(WebSocketHub* hub);

  // Starts accepting. Call after the loops run or before; the work is posted to each loop.
  void start();

  // Stops accepting, closes idle keep-alive connections, lets in-flight requests finish (their
  // connections close after the response). Returns when all connections are gone or at deadline.
  bool shutdown(std::chrono::milliseconds deadline);

  std::size_t open_connections() const;

  struct State;  // shared with the connection coroutines

 private:
  std::shared_ptr<State> state_;
  std::uint16_t port_ = 0;
};

}  // namespace tandem::http
