#pragma once
// WebSocket endpoints and fan-out. Sockets are grouped by user; an event is serialised once and
// queued on every socket of its recipients. Each socket has one write in flight and a bounded
// queue: a consumer that falls behind is disconnected rather than allowed to hold memory (it
// loses nothing: it reconnects with its last event id and catches up).
//
// Events arrive in batches in the shared event order (platform/event_mark.hpp), each batch with
// the position it ends at. A socket that asks to catch up joins under the same lock that a batch
// is delivered under, so it learns exactly where its live stream begins; its catch-up frames go
// out first, and at most max_concurrent_catch_ups of them run at once per instance (reconnect
// storms wait their turn instead of all reading the database together).

#include <atomic>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/event_mark.hpp"
#include "platform/event_sink.hpp"
#include "platform/http/router.hpp"
#include "platform/http/websocket_route.hpp"
#include "platform/keyed_gates.hpp"

namespace tandem::http {

struct WebSocketLimits {
  std::size_t max_queued_frames = 256;           // per socket; beyond, the socket is closed
  std::chrono::seconds ping_interval{20};        // protocol ping after this much silence
  std::size_t max_incoming_message = 64 * 1024;  // client frames are small (ping)
  // Kernel send buffer per socket: bounds what a stalled reader pins in the kernel, so the
  // frame queue above is what decides when to give up on it.
  int socket_send_buffer = 64 * 1024;
  std::size_t max_concurrent_catch_ups = 16;
  std::size_t max_waiting_catch_ups = 4096;  // beyond, a socket is closed with 1013 (try later)
  std::chrono::milliseconds validity_check{1000};  // how often still_valid is asked
};

class WebSocketSession;

class WebSocketHub final : public platform::EventSink {
 public:
  explicit WebSocketHub(WebSocketLimits limits);
  ~WebSocketHub() override;

  void add_route(std::string_view pattern, WebSocketAuthorizer authorizer);
  // The authorizer for an upgrade request's path, or null when no WebSocket route matches.
  const WebSocketAuthorizer* match(Request& req) const;

  // Runs an accepted socket until it closes (called by the HTTP server's connection coroutine).
  boost::asio::awaitable<void> serve(
      boost::beast::tcp_stream stream,
      boost::beast::http::request<boost::beast::http::string_body> upgrade,
      WebSocketAdmission admission);

  // Queues each frame, in order, on every socket of its recipients (any thread).
  void deliver(const std::vector<platform::EventFrame>& frames,
               platform::EventMark through) override;
  void start_at(platform::EventMark through) override;
  // Sends a close frame to every socket (graceful shutdown).
  void close_all();
  // Every `every`, closes the sockets whose admission is no longer valid (1008). Runs until its
  // loop stops.
  boost::asio::awaitable<void> close_invalid(std::chrono::milliseconds every);
  std::size_t open_sockets() const { return open_.load(); }

  // For sessions. attach() answers where the session's live stream begins.
  platform::EventMark attach(const std::string& user_id,
                             const std::shared_ptr<WebSocketSession>& session);
  void detach(const std::string& user_id, const WebSocketSession* session);
  const WebSocketLimits& limits() const { return limits_; }

 private:
  // The admission's catch-up frames, one gate's turn at a time; nullopt when the socket should
  // come back later (too many waiting, or the read failed).
  boost::asio::awaitable<std::optional<WebSocketCatchUp>> catch_up(WebSocketAdmission& admission,
                                                                   platform::EventMark joined_at);

  WebSocketLimits limits_;
  Router routes_;  // GET routes whose handler slot is unused; the doc carries nothing
  std::vector<std::pair<std::string, WebSocketAuthorizer>> authorizers_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<WebSocketSession>>> by_user_;
  platform::EventMark delivered_through_;  // guarded by mutex_
  std::atomic<std::size_t> open_{0};
  platform::KeyedGates catch_up_gates_;
};

}  // namespace tandem::http
