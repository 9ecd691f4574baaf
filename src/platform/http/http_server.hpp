#pragma once
// HTTP/1.1 server: one SO_REUSEPORT acceptor per event loop, keep-alive, pipelined requests
// answered in order, explicit limits and timeouts, graceful drain on shutdown.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "platform/event_loops.hpp"
#include "platform/http/http_limits.hpp"
#include "platform/http/readiness.hpp"
#include "platform/http/request_pipeline.hpp"
#include "platform/http/trusted_proxies.hpp"

namespace tandem::http {
class WebSocketHub;
}

namespace tandem::http {

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

  // Requests from these peers get their client address from X-Forwarded-For. Call before start.
  void set_trusted_proxies(TrustedProxies proxies);

  // While `readiness` is draining, every response closes its connection, so clients reconnect
  // (through the load balancer, elsewhere) before the listener closes. Call before start.
  void set_readiness(const Readiness* readiness);

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
