#include "app/serve_command.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/error_classifier.hpp"
#include "app/run_sync.hpp"
#include "app/services.hpp"
#include "faces/face_table.hpp"
#include "faces/system/system_routes.hpp"
#include "platform/clock.hpp"
#include "platform/http/http_server.hpp"
#include "platform/http/websocket_hub.hpp"
#include "platform/spawn_logged.hpp"

namespace tandem::app {

namespace asio = boost::asio;

namespace {

// Keeps this instance's revoked-token set in step with the database (logouts on other
// instances) and purges expired rows.
asio::awaitable<void> run_revocation_sync(Services& services) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
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
    timer.expires_after(std::chrono::milliseconds(500));
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
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

int wait_for_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

}  // namespace

int serve(Config config) {
  // Block the shutdown signals before any thread starts, so only sigwait below sees them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
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
  services->events->subscribe([&hub](const platform::Event& e) { hub.deliver(e); });

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
  faces::system::SystemContext system{*services->db, router, c.web_assets_dir};
  faces::system::add_system_routes(router, system);

  load_revocations(*services);
  platform::EventLoops loops(c.threads);
  auto server = std::make_unique<http::HttpServer>(loops, pipeline, c.limits);
  server->set_websocket_hub(&hub);
  try {
    server->listen(c.listen_host, c.listen_port);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot listen on " + c.listen_host + ":" +
                             std::to_string(c.listen_port) +
                             " (--listen / TANDEM_LISTEN): " + e.code().message());
  }
  server->start();
  asio::co_spawn(loops.loop(0), run_revocation_sync(*services),
                 platform::logged("revocation sync"));
  loops.start();
  spdlog::info("listening on http://{}:{}", c.listen_host, server->port());

  int sig = wait_for_signal();
  spdlog::info("received signal {}, draining connections", sig);
  bool drained = server->shutdown(c.shutdown_deadline);
  if (!drained) spdlog::warn("shutdown deadline reached with connections still open");
  loops.stop();
  loops.join();
  // Teardown order: finish work on other threads (its completions land in the stopped loops),
  // then destroy the loops' pending frames while the services they point into still exist.
  services->hashing->join();
  services->db->wait_idle();
  server.reset();  // its acceptors belong to the loops' contexts
  loops.destroy();
  spdlog::info("stopped");
  return 0;
}

}  // namespace tandem::app
