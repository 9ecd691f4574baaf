#pragma once
// Settings from flags, environment and a .env file in the working directory (flags win over
// environment, environment over .env), with the original backends' variable names still read.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/board/board_settings.hpp"
#include "domain/kpi/kpi_settings.hpp"
#include "platform/http/http_server.hpp"
#include "platform/http/trusted_proxies.hpp"
#include "platform/password_hash.hpp"
#include "platform/redis/redis_connection.hpp"

namespace tandem::app {

// A bad flag, setting or command argument: main prints "tandem: <what>" and exits with 2, the
// code of a usage error, before anything touches the database.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws the one shape of every bad-input message: NAME: expected WHAT, got "VALUE".
[[noreturn]] void reject_input(std::string_view name, std::string_view expected,
                               std::string_view value);

// Environment lookups: the process environment first, then the .env file.
class EnvSource {
 public:
  static EnvSource from_process(const std::string& dotenv_path = ".env");
  explicit EnvSource(std::map<std::string, std::string> dotenv) : dotenv_(std::move(dotenv)) {}
  std::optional<std::string> get(const std::string& name) const;
  // The first of several names that is set (Tandem's name first, then the originals').
  std::optional<std::string> first_of(std::initializer_list<const char*> names) const;

 private:
  std::map<std::string, std::string> dotenv_;
};

std::map<std::string, std::string> parse_dotenv(const std::string& text);

// The flags as typed: load_config parses and checks them with the environment's settings.
struct CliOverrides {
  std::optional<std::string> listen;  // HOST:PORT
  std::optional<std::string> database;
  std::optional<std::string> faces;
  std::optional<std::string> threads;
};

struct Config {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8000;
  std::string database_url = "sqlite:///tandem.db";
  std::vector<std::string> faces;  // default: every face of faces/face_table.hpp
  std::size_t threads = 1;

  std::optional<std::string> jwt_secret;  // none: generated once and kept with the data
  std::vector<std::string> cors_origins;
  std::optional<std::int64_t> frozen_now_micros;
  bool production = false;
  bool secure_cookies = false;

  http::HttpLimits limits;
  // TANDEM_DRAIN_MS: after SIGTERM/SIGINT, how long /readyz answers 503 while requests are
  // still served, so a load balancer moves traffic away before the listener closes.
  std::chrono::milliseconds drain{1000};
  std::chrono::milliseconds shutdown_deadline{10'000};  // then, for in-flight requests
  // TANDEM_TRUSTED_PROXIES: peers whose X-Forwarded-For names the client; none by default.
  http::TrustedProxies trusted_proxies;
  // REDIS_URL: login counters shared by instances, events mirrored to the original's channels.
  std::optional<platform::RedisEndpoint> redis;
  bool access_log = true;

  std::int64_t access_token_minutes = 60;
  std::int64_t refresh_token_days = 7;
  platform::Argon2Cost argon2 = platform::default_argon2_cost();
  std::size_t hash_threads = 2;
  std::size_t hash_queue = 256;
  std::int64_t login_account_limit = 10;     // per account from one client address
  std::int64_t login_account_ceiling = 100;  // per account from all addresses together
  std::int64_t login_address_limit = 50;
  std::int64_t login_window_seconds = 300;

  int postgres_connections_per_loop = 8;
  std::size_t db_max_waiters = 1024;
  std::size_t db_statement_cache = 256;         // prepared statements per database connection
  std::int64_t db_statement_timeout_ms = 5000;  // PostgreSQL statement_timeout; 0: none

  std::string web_assets_dir;

  bool v1_ws_allow_anonymous = false;
  std::size_t ws_max_queued_frames = 256;
  std::int64_t ws_ping_seconds = 20;
  // TANDEM_EVENT_RETENTION_DAYS: stored events older than this are deleted (app/event_retention).
  std::int64_t event_retention_days = 7;

  domain::kpi::KpiSettings kpi;           // TANDEM_KPI_*
  domain::board::BoardSettings teamflow;  // TANDEM_TEAMFLOW_TOKEN_HOURS
  // TANDEM_SCHEMES_TOKEN_DAYS: the schemes face's token (and session cookie) lifetime; Beyo's
  // client cannot refresh, so a session lasts the original's week.
  std::int64_t schemes_token_days = 7;
  // TANDEM_SCHEMES_PAGE_CACHE: get_items answers kept until the next commit; 0 turns it off.
  std::size_t schemes_page_cache = 256;

  bool face_enabled(std::string_view face) const;
};

// Every setting, parsed and range-checked; throws ConfigError naming the flag or variable.
Config load_config(const EnvSource& env, const CliOverrides& flags);

// Refuses what must never run in production (TANDEM_ENV=production): a known default secret,
// a wildcard CORS list. Throws ConfigError.
void check_production_safety(const Config& config);

}  // namespace tandem::app
