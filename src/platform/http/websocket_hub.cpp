#include "platform/http/websocket_hub.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/serialize.hpp>
#include <deque>

#include "platform/spawn_logged.hpp"

namespace tandem::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

// One accepted socket. Lives on the loop that accepted it; every member is touched only there.
class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(beast::tcp_stream stream, WebSocketHub& hub)
      : ws_(std::move(stream)), hub_(hub) {}

  asio::any_io_executor executor() { return ws_.get_executor(); }

  asio::awaitable<bool> accept(beast::http::request<beast::http::string_body> upgrade) {
    websocket::stream_base::timeout timeout =
        websocket::stream_base::timeout::suggested(beast::role_type::server);
    // A ping after `ping_interval` of silence; no answer within another interval closes.
    timeout.idle_timeout = hub_.limits().ping_interval * 2;
    timeout.keep_alive_pings = true;
    ws_.set_option(timeout);
    ws_.read_message_max(hub_.limits().max_incoming_message);
    beast::error_code option_ec;
    beast::get_lowest_layer(ws_).socket().set_option(
        asio::socket_base::send_buffer_size(hub_.limits().socket_send_buffer), option_ec);
    beast::error_code ec;
    co_await ws_.async_accept(upgrade, asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec;
  }

  // Reads until the peer goes away; answers application pings.
  asio::awaitable<void> read_loop() {
    beast::flat_buffer buffer;
    for (;;) {
      beast::error_code ec;
      co_await ws_.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
      auto text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      if (is_ping(text)) send(std::make_shared<const std::string>(R"({"type":"pong"})"));
    }
    closed_ = true;
  }

  // Call on this session's executor.
  void send(std::shared_ptr<const std::string> frame) {
    if (closed_) return;
    if (queue_.size() >= hub_.limits().max_queued_frames) {
      // Too slow: drop the connection instead of buffering without bound. The write in flight
      // cannot be followed by a close frame, so the TCP connection is closed outright.
      spdlog::warn("websocket consumer too slow ({} frames queued), disconnecting", queue_.size());
      closed_ = true;
      queue_.clear();
      beast::error_code ec;
      beast::get_lowest_layer(ws_).socket().close(ec);
      return;
    }
    queue_.push_back(std::move(frame));
    if (!writing_) {
      writing_ = true;
      asio::co_spawn(ws_.get_executor(), write_loop(shared_from_this()),
                     platform::logged("websocket writer"));
    }
  }

  // Call on this session's executor.
  void close(websocket::close_code code) {
    if (closed_ || closing_) return;
    closing_ = true;
    if (writing_) {
      // Let the write in flight finish; the loop sends the close frame after it.
      return;
    }
    asio::co_spawn(ws_.get_executor(), close_now(shared_from_this(), code),
                   platform::logged("websocket close"));
  }

 private:
  static bool is_ping(const std::string& text) {
    if (text == "ping") return true;
    auto compact = text;
    std::erase_if(compact, [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; });
    return compact == R"({"type":"ping"})";
  }

  static asio::awaitable<void> write_loop(std::shared_ptr<WebSocketSession> self) {
    while (!self->queue_.empty() && !self->closed_) {
      auto frame = self->queue_.front();
      self->ws_.text(true);
      beast::error_code ec;
      co_await self->ws_.async_write(asio::buffer(*frame),
                                     asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        self->closed_ = true;
        break;
      }
      if (!self->queue_.empty()) self->queue_.pop_front();
    }
    self->writing_ = false;
    if (self->closing_ && !self->closed_) {
      co_await close_now(self, websocket::close_code::going_away);
    }
  }

  static asio::awaitable<void> close_now(std::shared_ptr<WebSocketSession> self,
                                         websocket::close_code code) {
    beast::error_code ec;
    co_await self->ws_.async_close(code, asio::redirect_error(asio::use_awaitable, ec));
    self->closed_ = true;
  }

  websocket::stream<beast::tcp_stream> ws_;
  WebSocketHub& hub_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool writing_ = false;
  bool closing_ = false;
  bool closed_ = false;
};

namespace {
asio::awaitable<Response> unused_handler(Request&) { co_return Response(500); }
}  // namespace

WebSocketHub::WebSocketHub(WebSocketLimits limits) : limits_(limits) {}
WebSocketHub::~WebSocketHub() = default;

void WebSocketHub::add_route(std::string_view pattern, WebSocketAuthorizer authorizer) {
  routes_.add(Method::get, pattern, unused_handler);
  authorizers_.emplace_back(std::string(pattern), std::move(authorizer));
}

const WebSocketAuthorizer* WebSocketHub::match(Request& req) const {
  auto m = routes_.find(Method::get, req.path);
  if (m.outcome != Router::Outcome::found) return nullptr;
  for (const auto& [pattern, authorizer] : authorizers_) {
    if (pattern == m.route->pattern) {
      req.route_pattern = pattern;
      req.path_params = std::move(m.params);
      return &authorizer;
    }
  }
  return nullptr;
}

asio::awaitable<void> WebSocketHub::serve(beast::tcp_stream stream,
                                          beast::http::request<beast::http::string_body> upgrade,
                                          std::string user_id) {
  auto session = std::make_shared<WebSocketSession>(std::move(stream), *this);
  auto accepted = co_await session->accept(std::move(upgrade));
  if (!accepted) co_return;
  open_.fetch_add(1);
  attach(user_id, session);
  co_await session->read_loop();
  detach(user_id, session.get());
  open_.fetch_sub(1);
}

void WebSocketHub::attach(const std::string& user_id,
                          const std::shared_ptr<WebSocketSession>& session) {
  std::lock_guard lock(mutex_);
  by_user_[user_id].push_back(session);
}

void WebSocketHub::detach(const std::string& user_id, const WebSocketSession* session) {
  std::lock_guard lock(mutex_);
  auto it = by_user_.find(user_id);
  if (it == by_user_.end()) return;
  std::erase_if(it->second, [session](const auto& weak) {
    auto s = weak.lock();
    return !s || s.get() == session;
  });
  if (it->second.empty()) by_user_.erase(it);
}

void WebSocketHub::deliver(const platform::Event& event) {
  auto frame = std::make_shared<const std::string>(boost::json::serialize(event.payload));
  std::vector<std::shared_ptr<WebSocketSession>> targets;
  {
    std::lock_guard lock(mutex_);
    for (const auto& user : event.recipients) {
      auto it = by_user_.find(user);
      if (it == by_user_.end()) continue;
      for (const auto& weak : it->second)
        if (auto s = weak.lock()) targets.push_back(std::move(s));
    }
  }
  // A user listed twice (admin and actor) still gets each frame once per socket.
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  for (auto& s : targets) {
    auto ex = s->executor();
    asio::dispatch(ex, [s = std::move(s), frame] { s->send(frame); });
  }
}

void WebSocketHub::close_all() {
  std::vector<std::shared_ptr<WebSocketSession>> all;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [_, sessions] : by_user_)
      for (const auto& weak : sessions)
        if (auto s = weak.lock()) all.push_back(std::move(s));
  }
  for (auto& s : all) {
    auto ex = s->executor();
    asio::post(ex, [s = std::move(s)] { s->close(websocket::close_code::going_away); });
  }
}

}  // namespace tandem::http
