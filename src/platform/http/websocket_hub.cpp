#include "platform/http/websocket_hub.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <optional>

#include "platform/spawn_logged.hpp"

namespace tandem::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

// One accepted socket. Lives on the loop that accepted it; every member is touched only there.
class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
 public:
  // A holding session queues live frames without sending them until release().
  WebSocketSession(beast::tcp_stream stream, WebSocketHub& hub, bool holding,
                   std::function<bool()> still_valid)
      : ws_(std::move(stream)),
        hub_(hub),
        still_valid_(std::move(still_valid)),
        holding_(holding) {}

  // Any thread.
  bool still_valid() const { return !still_valid_ || still_valid_(); }

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
      if (is_ping(text)) send(std::make_shared<const std::string>(R"({"type":"pong"})"), {});
    }
    closed_ = true;
  }

  // Call on this session's executor; `event` is the position of an event's frame. Catch-up
  // frames do not count against the queue's bound: they are few (the face caps them) and were
  // asked for.
  void send(std::shared_ptr<const std::string> frame, std::optional<platform::EventMark> event) {
    if (closed_) return;
    if (event && live_after_ && *event <= *live_after_) return;  // the client has it
    if (holding_) {
      held_.push_back({std::move(frame), event});
      if (held_.size() > hub_.limits().max_queued_frames) drop("held while catching up");
      return;
    }
    if (queue_.size() - catch_up_left_ >= hub_.limits().max_queued_frames) {
      // Too slow: drop the connection instead of buffering without bound. The write in flight
      // cannot be followed by a close frame, so the TCP connection is closed outright.
      drop("queued");
      return;
    }
    queue_.push_back(std::move(frame));
    start_writing();
  }

  // Call on this session's executor: sends the catch-up frames, then the live frames held so
  // far that the client does not have, then live frames as they come.
  void release(WebSocketCatchUp catch_up) {
    holding_ = false;
    live_after_ = catch_up.live_after;
    if (closed_) return;
    catch_up_left_ = catch_up.frames.size();
    for (auto& text : catch_up.frames)
      queue_.push_back(std::make_shared<const std::string>(std::move(text)));
    auto held = std::move(held_);
    held_.clear();
    for (auto& [text, event] : held) send(std::move(text), event);
    start_writing();
  }

  // Call on this session's executor.
  void close(websocket::close_code code) {
    if (closed_ || closing_) return;
    closing_ = true;
    close_code_ = code;
    if (writing_) {
      // Let the write in flight finish; the loop sends the close frame after it.
      return;
    }
    asio::co_spawn(ws_.get_executor(), close_now(shared_from_this(), code),
                   platform::logged("websocket close"));
  }

 private:
  // Too slow: drop the connection instead of buffering without bound. The write in flight
  // cannot be followed by a close frame, so the TCP connection is closed outright.
  void drop(const char* where) {
    spdlog::warn("websocket consumer too slow ({} frames {}), disconnecting",
                 queue_.size() + held_.size(), where);
    closed_ = true;
    queue_.clear();
    held_.clear();
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }

  void start_writing() {
    if (writing_ || holding_ || queue_.empty()) return;
    writing_ = true;
    asio::co_spawn(ws_.get_executor(), write_loop(shared_from_this()),
                   platform::logged("websocket writer"));
  }

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
      if (self->catch_up_left_ > 0) --self->catch_up_left_;
    }
    self->writing_ = false;
    if (self->closing_ && !self->closed_) {
      co_await close_now(self, self->close_code_);
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
  const std::function<bool()> still_valid_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::size_t catch_up_left_ = 0;  // the first frames of queue_ that are catch-up frames
  // Live frames that arrived while the catch-up was read, with their events' positions.
  std::vector<std::pair<std::shared_ptr<const std::string>, std::optional<platform::EventMark>>>
      held_;
  std::optional<platform::EventMark> live_after_;
  bool holding_;
  bool writing_ = false;
  bool closing_ = false;
  websocket::close_code close_code_ = websocket::close_code::going_away;
  bool closed_ = false;
};

namespace {
asio::awaitable<Response> unused_handler(Request&) { co_return Response(500); }
}  // namespace

WebSocketHub::WebSocketHub(WebSocketLimits limits)
    : limits_(limits),
      catch_up_gates_(limits.max_concurrent_catch_ups,
                      limits.max_waiting_catch_ups / limits.max_concurrent_catch_ups + 1) {}
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
                                          WebSocketAdmission admission) {
  const bool catching_up = static_cast<bool>(admission.catch_up);
  auto session = std::make_shared<WebSocketSession>(std::move(stream), *this, catching_up,
                                                    std::move(admission.still_valid));
  auto accepted = co_await session->accept(std::move(upgrade));
  if (!accepted) co_return;
  const std::string& user_id = admission.user_id;
  open_.fetch_add(1);
  const platform::EventMark joined_at = attach(user_id, session);
  if (catching_up) {
    auto frames = co_await catch_up(admission, joined_at);
    if (frames) {
      session->release(std::move(*frames));
    } else {
      session->close(websocket::close_code::try_again_later);
    }
  }
  co_await session->read_loop();
  detach(user_id, session.get());
  open_.fetch_sub(1);
}

asio::awaitable<std::optional<WebSocketCatchUp>> WebSocketHub::catch_up(
    WebSocketAdmission& admission, platform::EventMark joined_at) {
  std::optional<WebSocketCatchUp> frames;
  try {
    auto turn = co_await catch_up_gates_.enter(admission.user_id);
    auto read = co_await admission.catch_up(joined_at);
    frames.emplace(std::move(read));
  } catch (const platform::QueueFull&) {
    spdlog::warn("websocket catch-up queue full, asking the client to come back later");
  } catch (const std::exception& e) {
    spdlog::warn("websocket catch-up failed: {}", e.what());
  }
  co_return frames;
}

platform::EventMark WebSocketHub::attach(const std::string& user_id,
                                         const std::shared_ptr<WebSocketSession>& session) {
  std::lock_guard lock(mutex_);
  by_user_[user_id].push_back(session);
  return delivered_through_;
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

void WebSocketHub::start_at(platform::EventMark through) {
  std::lock_guard lock(mutex_);
  delivered_through_ = through;
}

void WebSocketHub::deliver(const std::vector<platform::EventFrame>& frames,
                           platform::EventMark through) {
  struct Send {
    std::shared_ptr<WebSocketSession> session;
    std::shared_ptr<const std::string> text;
    platform::EventMark position;
  };
  std::vector<Send> sends;
  {
    // Targets are chosen and the position moves in one step: a socket joining now either is
    // a target of this whole batch, or catches up through its end.
    std::lock_guard lock(mutex_);
    for (const auto& frame : frames) {
      std::vector<std::shared_ptr<WebSocketSession>> targets;
      for (const auto& user : frame.recipients) {
        auto it = by_user_.find(user);
        if (it == by_user_.end()) continue;
        for (const auto& weak : it->second)
          if (auto s = weak.lock()) targets.push_back(std::move(s));
      }
      // A user listed twice (admin and actor) still gets each frame once per socket.
      std::sort(targets.begin(), targets.end());
      targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
      for (auto& s : targets) sends.push_back(Send{std::move(s), frame.text, frame.position});
    }
    delivered_through_ = through;
  }
  // In batch order per socket: each socket's executor runs its sends in the order queued.
  for (auto& send : sends) {
    auto ex = send.session->executor();
    asio::dispatch(ex, [send = std::move(send)] { send.session->send(send.text, send.position); });
  }
}

asio::awaitable<void> WebSocketHub::close_invalid(std::chrono::milliseconds every) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(every);
    beast::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    std::vector<std::shared_ptr<WebSocketSession>> invalid;
    {
      std::lock_guard lock(mutex_);
      for (const auto& [_, sessions] : by_user_)
        for (const auto& weak : sessions)
          if (auto s = weak.lock(); s && !s->still_valid()) invalid.push_back(std::move(s));
    }
    for (auto& s : invalid) {
      auto ex = s->executor();
      asio::post(ex, [s = std::move(s)] { s->close(websocket::close_code::policy_error); });
    }
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
