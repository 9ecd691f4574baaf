#include "platform/http/http_server.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <list>
#include <mutex>
#include <thread>

#include "platform/http/request_reader.hpp"
#include "platform/http/url_codec.hpp"
#include "platform/http/websocket_hub.hpp"
#include "platform/metrics.hpp"
#include "platform/spawn_logged.hpp"

namespace tandem::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

namespace {

// Bytes asked of the socket per read. What the reader has not consumed stays bounded by the
// header limit (request_reader.hpp), so a connection's buffer never grows past the two.
constexpr std::size_t kReadChunkBytes = 16 * 1024;

// One connection's handle, so shutdown can close idle ones from their own loop.
struct Connection {
  beast::tcp_stream* stream = nullptr;
  bool busy = false;  // a request is being handled or its response written
};

struct LoopState {
  asio::io_context* io = nullptr;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::list<Connection> connections;  // touched only on this loop's thread
};

}  // namespace

struct HttpServer::State {
  platform::EventLoops& loops;
  RequestPipeline& pipeline;
  HttpLimits limits;
  std::vector<LoopState> per_loop;
  WebSocketHub* hub = nullptr;
  TrustedProxies trusted_proxies;
  const Readiness* readiness = nullptr;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> connections{0};

  State(platform::EventLoops& l, RequestPipeline& p, HttpLimits lim)
      : loops(l), pipeline(p), limits(lim), per_loop(l.size()) {}
};

namespace {

Request to_request(const RequestReader::Message& in, const std::string& remote) {
  Request r;
  r.method = parse_method(std::string_view(in.method_string().data(), in.method_string().size()));
  r.target = std::string(in.target());
  auto q = r.target.find('?');
  r.path = percent_decode(std::string_view(r.target).substr(0, q), false);
  if (q != std::string::npos) r.query_string = r.target.substr(q + 1);
  r.headers.reserve(8);
  for (const auto& f : in) {
    r.headers.push_back({std::string(f.name_string()), std::string(f.value())});
  }
  r.body = in.body();
  r.remote_address = remote;
  return r;
}

bhttp::response<bhttp::string_body> to_beast(Response&& res, unsigned version, bool keep_alive,
                                             bool head_request) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.reason(status_reason(res.status));
  for (auto& h : res.headers) out.insert(h.name, h.value);
  out.keep_alive(keep_alive && !res.close_connection);
  bool bodyless_status = res.status == 204 || res.status == 304 || res.status < 200;
  if (bodyless_status) {
    // No body and no Content-Length, as RFC 9110 requires for 204.
    return out;
  }
  out.content_length(res.body.size());
  if (!head_request) out.body() = std::move(res.body);
  return out;
}

asio::awaitable<void> write_error_and_close(beast::tcp_stream& stream, RequestPipeline& pipeline,
                                            const std::string& path, const ReadFailure& failure) {
  Response res = pipeline.render_error(path, failure.status, failure.message);
  res.close_connection = true;
  res.set_header("Connection", "close");
  auto out = to_beast(std::move(res), 11, false, false);
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(5));
  co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

// Feeds the reader from the connection until it has a header, a whole request or a failure.
// A read error (peer gone, timeout) leaves `ec` set and returns need_more.
asio::awaitable<RequestReader::Progress> feed_reader(beast::tcp_stream& stream,
                                                     beast::flat_buffer& buffer,
                                                     RequestReader& reader, beast::error_code& ec) {
  for (;;) {
    auto data = buffer.data();
    std::size_t consumed = 0;
    auto progress = reader.parse(
        std::string_view(static_cast<const char*>(data.data()), data.size()), consumed);
    buffer.consume(consumed);
    if (progress != RequestReader::Progress::need_more) co_return progress;
    auto n = co_await stream.async_read_some(buffer.prepare(kReadChunkBytes),
                                             asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return RequestReader::Progress::need_more;
    buffer.commit(n);
  }
}

// Serves requests on one connection until it closes, fails or becomes a WebSocket.
asio::awaitable<void> serve_requests(HttpServer::State& state, Connection& conn,
                                     beast::tcp_stream& stream, const std::string& remote,
                                     bool& upgraded) {
  beast::error_code ec;
  beast::flat_buffer buffer;
  const auto& limits = state.limits;
  for (;;) {
    if (state.stopping) co_return;
    conn.busy = false;
    // Wait for the first byte of the next request under the idle timeout; from then on the
    // whole header block must arrive within the header timeout (slowloris).
    if (buffer.size() == 0) {
      stream.expires_after(limits.idle_timeout);
      auto n = co_await stream.async_read_some(buffer.prepare(kReadChunkBytes),
                                               asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      buffer.commit(n);
    }
    conn.busy = true;
    RequestReader reader(limits);
    stream.expires_after(limits.header_timeout);
    auto progress = co_await feed_reader(stream, buffer, reader, ec);
    if (progress == RequestReader::Progress::header_done) {
      if (reader.expects_continue()) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
        co_await bhttp::async_write(stream, cont, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
      }
      stream.expires_after(limits.body_timeout);
      progress = co_await feed_reader(stream, buffer, reader, ec);
    }
    if (progress == RequestReader::Progress::failed) {
      // Not in the access log (no route ran), so say here what a client was refused.
      spdlog::info("rejected request remote={} path=\"{}\" status={} reason=\"{}\"", remote,
                   reader.path_hint(), reader.failure().status, reader.failure().message);
      co_await write_error_and_close(stream, state.pipeline, reader.path_hint(), reader.failure());
      co_return;
    }
    if (progress != RequestReader::Progress::complete) co_return;  // peer gone or timed out

    auto beast_req = reader.release();
    unsigned version = beast_req.version();
    bool keep_alive = beast_req.keep_alive();
    Request req = to_request(beast_req, remote);
    if (!state.trusted_proxies.empty())
      req.remote_address = state.trusted_proxies.client_address(remote, req.headers);
    if (state.hub != nullptr && boost::beast::websocket::is_upgrade(beast_req)) {
      if (const auto* authorize = state.hub->match(req)) {
        req.request_id = choose_request_id(req.header("x-request-id"));
        auto admission = co_await (*authorize)(req);
        if (admission.refusal) {
          auto out = to_beast(std::move(*admission.refusal), version, false, false);
          stream.expires_after(limits.write_timeout);
          co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
          co_return;
        }
        // The hub owns the socket from here; shutdown reaches it through the hub.
        stream.expires_never();
        upgraded = true;
        co_await state.hub->serve(std::move(stream), std::move(beast_req), std::move(admission));
        co_return;
      }
    }
    bool head = req.method == Method::head;
    Response res = co_await state.pipeline.handle(req);
    bool draining = state.readiness != nullptr && state.readiness->draining();
    bool close_after = !keep_alive || res.close_connection || state.stopping || draining;
    auto out = to_beast(std::move(res), version, !close_after, head);
    stream.expires_after(limits.write_timeout);
    co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || close_after) co_return;
  }
}

asio::awaitable<void> run_session(std::shared_ptr<HttpServer::State> state, LoopState* loop,
                                  tcp::socket socket) {
  beast::error_code ec;
  std::string remote;
  auto ep = socket.remote_endpoint(ec);
  if (!ec) remote = ep.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  auto conn = loop->connections.insert(loop->connections.end(), Connection{&stream, false});
  platform::Metrics::instance().connection_opened();
  bool upgraded = false;
  // A connection's failure ends that connection only: whatever a request provokes, the other
  // connections and the process go on.
  try {
    co_await serve_requests(*state, *conn, stream, remote, upgraded);
  } catch (const std::exception& e) {
    spdlog::error("connection from {} ended by an unexpected error: {}", remote, e.what());
  }
  if (!upgraded) {
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.close();
  }
  loop->connections.erase(conn);
  platform::Metrics::instance().connection_closed();
  state->connections.fetch_sub(1);
}

asio::awaitable<void> run_acceptor(std::shared_ptr<HttpServer::State> state, LoopState* loop) {
  auto executor = co_await asio::this_coro::executor;
  for (;;) {
    beast::error_code ec;
    tcp::socket socket(executor);
    co_await loop->acceptor->async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || state->stopping) co_return;
      // Out of descriptors and similar: back off briefly instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer t(executor, std::chrono::milliseconds(50));
      co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (state->connections.load() >= state->limits.max_connections) {
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    state->connections.fetch_add(1);
    asio::co_spawn(executor, run_session(state, loop, std::move(socket)),
                   platform::logged("http connection"));
  }
}

}  // namespace

HttpServer::HttpServer(platform::EventLoops& loops, RequestPipeline& pipeline, HttpLimits limits)
    : state_(std::make_shared<State>(loops, pipeline, limits)) {}

HttpServer::~HttpServer() {
  // The loops have stopped by now; acceptors must go before their io_context's services do.
  for (auto& loop : state_->per_loop) loop.acceptor.reset();
}

void HttpServer::listen(const std::string& host, std::uint16_t port) {
  auto address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host);
  for (std::size_t i = 0; i < state_->loops.size(); ++i) {
    auto& loop = state_->per_loop[i];
    loop.io = &state_->loops.loop(i);
    loop.acceptor = std::make_unique<tcp::acceptor>(*loop.io);
    tcp::endpoint ep(address, port);
    loop.acceptor->open(ep.protocol());
    loop.acceptor->set_option(asio::socket_base::reuse_address(true));
    loop.acceptor->set_option(reuse_port(true));
    loop.acceptor->bind(ep);
    loop.acceptor->listen(asio::socket_base::max_listen_connections);
    if (port == 0) port = loop.acceptor->local_endpoint().port();
  }
  port_ = port;
}

void HttpServer::start() {
  for (auto& loop : state_->per_loop) {
    asio::co_spawn(*loop.io, run_acceptor(state_, &loop), platform::logged("http acceptor"));
  }
}

std::size_t HttpServer::open_connections() const { return state_->connections.load(); }

void HttpServer::set_websocket_hub(WebSocketHub* hub) { state_->hub = hub; }

void HttpServer::set_trusted_proxies(TrustedProxies proxies) {
  state_->trusted_proxies = std::move(proxies);
}

void HttpServer::set_readiness(const Readiness* readiness) { state_->readiness = readiness; }

bool HttpServer::shutdown(std::chrono::milliseconds deadline) {
  state_->stopping = true;
  if (state_->hub != nullptr) state_->hub->close_all();
  auto closed_loops = std::make_shared<std::atomic<std::size_t>>(0);
  for (auto& loop : state_->per_loop) {
    asio::post(*loop.io, [state = state_, l = &loop, closed_loops] {
      beast::error_code ec;
      if (l->acceptor) l->acceptor->close(ec);
      for (auto& c : l->connections) {
        // Idle connections wait for a next request that must not come; busy ones finish the
        // response in hand and then close because `stopping` is set.
        if (!c.busy) c.stream->cancel();
      }
      closed_loops->fetch_add(1);
    });
  }
  auto until = std::chrono::steady_clock::now() + deadline;
  while ((closed_loops->load() < state_->per_loop.size() || state_->connections.load() > 0) &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return state_->connections.load() == 0;
}

}  // namespace tandem::http
