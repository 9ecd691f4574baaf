#include "app/serve_command.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <chrono>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/error_classifier.hpp"
#include "app/event_retention.hpp"
#include "app/run_sync.hpp"
#include "app/services.hpp"
#include "domain/notify/event_relay.hpp"
#include "faces/face_table.hpp"
#include "faces/system/system_routes.hpp"
#include "platform/clock.hpp"
#include "platform/http/http_server.hpp"
#include "platform/http/readiness.hpp"
#include "platform/http/websocket_hub.hpp"
#include "platform/redis/redis_event_mirror.hpp"
#include "platform/spawn_logged.hpp"
#include "platform/wake_up.hpp"

namespace tandem::app {

namespace asio = boost::asio;

namespace {

// Keeps this instance's revoked-token set in step with the database (logouts on other
// instances) and purges expired rows. Woken when another instance commits to the tables
// authentication reads (a logout there is heard of within milliseconds); every 500 ms anyway,
// for whatever no notification announced.
asio::awaitable<void> run_revocation_sync(Services& services, platform::WakeUp& changed) {
  std::int64_t last_purge = 0;
  for (;;) {
    try {
      co_await services.tokens->sync_revocations();
      std::int64_t now = platform::Clock::instance().now_micros();
      if (now - last_purge > 60'000'000) {
        auto purged = co_await services.revoked->purge_expired(now);
        (void)purged;
        last_purge = now;
      }
    } catch (const std::exception& e) {
      spdlog::warn("revocation sync failed: {}", e.what());
    }
    co_await changed.wait_for(std::chrono::milliseconds(500));
  }
}

// One complete sync before the server listens, so a token revoked before this start (a logout
// on this instance before a restart, or on another instance) is refused from the first request.
// No retry: the migrations ran on this database a moment ago, so a failure here is not a slow
// start but a database in trouble, and the process supervisor's restart is the retry. Serving
// without the revocations would accept logged-out tokens for as long as the database is down.
void load_revocations(Services& services) {
  try {
    run_sync(services.tokens->sync_revocations());
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("cannot load revoked tokens, refusing to serve: ") +
                             e.what());
  }
}

// Where live delivery begins, before any socket can connect: a socket's catch-up then always
// ends where its live stream starts. Like the revocations, a database that cannot answer now
// is a failed start.
void start_relay(domain::notify::EventRelay& relay) {
  try {
    run_sync(relay.begin());
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("cannot read the stored events, refusing to serve: ") +
                             e.what());
  }
}

sigset_t shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

int wait_for_signal() {
  sigset_t set = shutdown_signals();
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

// The drain window: requests are served while /readyz tells the load balancer to go elsewhere.
// A second signal ends it early (an operator's second Ctrl-C, a supervisor that is done waiting).
void wait_out_drain(std::chrono::milliseconds drain) {
  sigset_t set = shutdown_signals();
  auto until = std::chrono::steady_clock::now() + drain;
  for (;;) {
    auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return;
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(left);
    auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(left - seconds);
    timespec timeout{static_cast<time_t>(seconds.count()), static_cast<long>(nanos.count())};
    int sig = sigtimedwait(&set, nullptr, &timeout);
    if (sig > 0) {
      spdlog::info("received signal {} while draining, closing the listener now", sig);
      return;
    }
    // EAGAIN: the window is over; EINTR: another signal, wait out the rest.
  }
}

}  // namespace

int serve(Config config) {
  // Block the shutdown signals before any thread starts, so only sigwait below sees them.
  sigset_t set = shutdown_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  check_production_safety(config);
  auto services = build_services(std::move(config));
  const auto& c = services->config;

  http::Router router;
  http::RequestPipeline pipeline(router, http::CorsPolicy(c.cors_origins),
                                 http::PipelineOptions{c.access_log});
  pipeline.set_exception_classifier(classify_exception);

  http::WebSocketHub hub(
      http::WebSocketLimits{c.ws_max_queued_frames, std::chrono::seconds(c.ws_ping_seconds)});

  faces::FaceEnvironment face_env{
      router,
      pipeline,
      hub,
      *services->identity,
      *services->kpi,
      *services->work,
      *services->board,
      *services->catalog,
      faces::FaceSettings{c.secure_cookies, c.v1_ws_allow_anonymous, c.schemes_token_days * 86'400,
                          c.schemes_page_cache}};
  std::vector<faces::MountedFace> mounted_faces;  // outlives the server below
  for (const auto& face : faces::face_table()) {
    if (c.face_enabled(face.name)) mounted_faces.push_back(face.mount(face_env));
  }
  http::Readiness readiness;
  faces::system::SystemContext system{*services->db, router, c.web_assets_dir, readiness};
  faces::system::add_system_routes(router, system);

  load_revocations(*services);
  platform::EventLoops loops(c.threads);
  // Work of the instance rather than of a request (the event relay, the revocation sync,
  // retention, the socket validity sweep) runs on a loop of its own: its database reads use
  // their own connections instead of queueing behind a burst of requests for a loop's pool, so
  // events reach sockets, and logouts other instances, however busy the request loops are.
  platform::EventLoops background(1);
  auto& instance_loop = background.loop(0);
  // Events reach sockets only through the relay, from their rows: this instance's own commits
  // nudge it at once, other instances' through the driver's change feed.
  // Optional only to go before their loop does (their timers belong to it).
  std::optional<domain::notify::EventRelay> relay;
  relay.emplace(*services->db, hub, instance_loop.get_executor());
  services->events->subscribe([&relay](const platform::Event&) { relay->nudge(); });
  services->db->watch_foreign_commits(store::DataScope::any, [&relay] { relay->nudge(); });
  start_relay(*relay);
  std::optional<platform::RedisEventMirror> mirror;
  if (services->redis) {
    mirror.emplace(*services->redis, services->redis->executor());
    services->events->subscribe([&mirror](const platform::Event& e) { mirror->mirror(e); });
  }
  std::optional<platform::WakeUp> revocations_changed;
  revocations_changed.emplace(instance_loop.get_executor());
  services->db->watch_foreign_commits(store::DataScope::users,
                                      [&revocations_changed] { revocations_changed->notify(); });
  auto server = std::make_unique<http::HttpServer>(loops, pipeline, c.limits);
  server->set_websocket_hub(&hub);
  server->set_trusted_proxies(c.trusted_proxies);
  server->set_readiness(&readiness);
  try {
    server->listen(c.listen_host, c.listen_port);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot listen on " + c.listen_host + ":" +
                             std::to_string(c.listen_port) +
                             " (--listen / TANDEM_LISTEN): " + e.code().message());
  }
  server->start();
  asio::co_spawn(instance_loop, run_revocation_sync(*services, *revocations_changed),
                 platform::logged("revocation sync"));
  asio::co_spawn(instance_loop, relay->run(), platform::logged("event relay"));
  asio::co_spawn(instance_loop, hub.close_invalid(hub.limits().validity_check),
                 platform::logged("websocket validity"));
  EventRetention retention;
  retention.days = c.event_retention_days;
  asio::co_spawn(instance_loop, run_event_retention(*services->db, retention),
                 platform::logged("event retention"));
  loops.start();
  background.start();
  if (!c.trusted_proxies.empty())
    spdlog::info(
        "client addresses from X-Forwarded-For when the peer is one of {} trusted proxy "
        "entries (TANDEM_TRUSTED_PROXIES)",
        c.trusted_proxies.size());
  spdlog::info("listening on http://{}:{}", c.listen_host, server->port());

  int sig = wait_for_signal();
  // Drain: the load balancer sees /readyz fail and stops sending new clients while the ones
  // it already sent are still served. Then the listener closes, WebSockets get 1001 (going
  // away) and in-flight requests have the shutdown deadline to finish.
  spdlog::info("received signal {}, draining: /readyz answers 503 for {} ms", sig, c.drain.count());
  readiness.begin_drain();
  wait_out_drain(c.drain);
  spdlog::info("closing the listener, finishing in-flight requests");
  bool drained = server->shutdown(c.shutdown_deadline);
  if (!drained) spdlog::warn("shutdown deadline reached with connections still open");
  background.stop();
  loops.stop();
  background.join();
  loops.join();
  services->db->clear_commit_watchers();  // the relay and the wake-up go before the database
  // Teardown order: finish work on other threads (its completions land in the stopped loops),
  // then destroy the loops' pending frames while the services they point into still exist.
  services->hashing->join();
  services->db->wait_idle();
  server.reset();  // its acceptors belong to the loops' contexts
  relay.reset();
  revocations_changed.reset();
  background.destroy();
  loops.destroy();
  spdlog::info("stopped");
  return 0;
}

}  // namespace tandem::app
