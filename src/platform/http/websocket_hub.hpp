#pragma once
// WebSocket endpoints and fan-out. Sockets are grouped by user; an event is serialised once and
// queued on every socket of its recipients. Each socket has one write in flight and a bounded
// queue: a consumer that falls behind is disconnected rather than allowed to hold memory.

#include <atomic>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/event_bus.hpp"
#include "platform/http/router.hpp"
#include "platform/http/websocket_route.hpp"

namespace tandem::http {

struct WebSocketLimits {
  std::size_t max_queued_frames = 256;           // per socket; beyond, the socket is closed
  std::chrono::seconds ping_interval{20};        // protocol ping after this much silence
  std::size_t max_incoming_message = 64 * 1024;  // client frames are small (ping)
  // Kernel send buffer per socket: bounds what a stalled reader pins in the kernel, so the
  // frame queue above is what decides when to give up on it.
  int socket_send_buffer = 64 * 1024;
};

class WebSocketSession;

class WebSocketHub {
 public:
  explicit WebSocketHub(WebSocketLimits limits);
  ~WebSocketHub();

  void add_route(std::string_view pattern, WebSocketAuthorizer authorizer);
  // The authorizer for an upgrade request's path, or null when no WebSocket route matches.
  const WebSocketAuthorizer* match(Request& req) const;

  // Runs an accepted socket until it closes (called by the HTTP server's connection coroutine).
  boost::asio::awaitable<void> serve(
      boost::beast::tcp_stream stream,
      boost::beast::http::request<boost::beast::http::string_body> upgrade, std::string user_id);

  // Queues the event's payload on every socket of its recipients (any thread).
  void deliver(const platform::Event& event);
  // Sends a close frame to every socket (graceful shutdown).
  void close_all();
  std::size_t open_sockets() const { return open_.load(); }

  // For sessions.
  void attach(const std::string& user_id, const std::shared_ptr<WebSocketSession>& session);
  void detach(const std::string& user_id, const WebSocketSession* session);
  const WebSocketLimits& limits() const { return limits_; }

 private:
  WebSocketLimits limits_;
  Router routes_;  // GET routes whose handler slot is unused; the doc carries nothing
  std::vector<std::pair<std::string, WebSocketAuthorizer>> authorizers_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<WebSocketSession>>> by_user_;
  std::atomic<std::size_t> open_{0};
};

}  // namespace tandem::http
