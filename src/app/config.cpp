#include "app/config.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "platform/clock.hpp"

namespace tandem::app {

namespace {

std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string t = trim(text);
  // FlowTrack's ALLOW_ORIGINS is a JSON list.
  if (!t.empty() && t.front() == '[') {
    boost::system::error_code ec;
    auto v = boost::json::parse(t, ec);
    if (!ec && v.is_array()) {
      for (const auto& item : v.get_array())
        if (item.is_string()) out.emplace_back(item.get_string());
      return out;
    }
  }
  std::stringstream ss(t);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item = trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::int64_t parse_int(const std::string& name, const std::string& value, std::int64_t min) {
  std::int64_t v = 0;
  auto t = trim(value);
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc{} || p != t.data() + t.size() || v < min)
    throw ConfigError(name + " must be an integer >= " + std::to_string(min) + ", got '" + value +
                      "'");
  return v;
}

bool parse_bool(const std::string& value) {
  std::string v = trim(value);
  std::transform(v.begin(), v.end(), v.begin(), ::tolower);
  return v == "1" || v == "true" || v == "yes" || v == "on";
}

void parse_listen(const std::string& text, Config& c) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) throw ConfigError("--listen must be HOST:PORT, got " + text);
  c.listen_host = text.substr(0, colon);
  if (c.listen_host.size() >= 2 && c.listen_host.front() == '[')
    c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);
  if (c.listen_host.empty()) c.listen_host = "0.0.0.0";
  c.listen_port =
      static_cast<std::uint16_t>(parse_int("listen port", text.substr(colon + 1), 0) & 0xFFFF);
}

}  // namespace

std::map<std::string, std::string> parse_dotenv(const std::string& text) {
  std::map<std::string, std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.rfind("export ", 0) == 0) line = trim(line.substr(7));
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = trim(line.substr(0, eq));
    std::string value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    } else if (auto hash = value.find(" #"); hash != std::string::npos) {
      value = trim(value.substr(0, hash));
    }
    out[key] = value;
  }
  return out;
}

EnvSource EnvSource::from_process(const std::string& dotenv_path) {
  std::ifstream in(dotenv_path);
  if (!in) return EnvSource({});
  std::stringstream ss;
  ss << in.rdbuf();
  return EnvSource(parse_dotenv(ss.str()));
}

std::optional<std::string> EnvSource::get(const std::string& name) const {
  if (const char* v = std::getenv(name.c_str())) return std::string(v);
  if (auto it = dotenv_.find(name); it != dotenv_.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> EnvSource::first_of(std::initializer_list<const char*> names) const {
  for (const char* n : names) {
    auto v = get(n);
    if (v && !v->empty()) return v;
  }
  return std::nullopt;
}

bool Config::face_enabled(std::string_view face) const {
  return std::find(faces.begin(), faces.end(), face) != faces.end();
}

Config load_config(const EnvSource& env, const CliOverrides& flags) {
  Config c;
  c.threads = std::max(1u, std::thread::hardware_concurrency());
  auto integer = [&](const char* name, std::int64_t fallback, std::int64_t min = 0) {
    auto v = env.get(name);
    return v && !v->empty() ? parse_int(name, *v, min) : fallback;
  };

  if (auto v = flags.listen ? flags.listen : env.get("TANDEM_LISTEN")) parse_listen(*v, c);
  if (auto v =
          flags.database ? flags.database : env.first_of({"DATABASE_URL", "TANDEM_DATABASE_URL"}))
    c.database_url = *v;
  if (auto v = flags.faces ? flags.faces : env.get("TANDEM_FACES")) {
    c.faces = split_list(*v);
    for (const auto& f : c.faces) {
      if (f != "kpi" && f != "teamflow" && f != "schemes" && f != "v1")
        throw ConfigError("unknown face '" + f + "' (known: kpi, teamflow, schemes, v1)");
    }
  }
  if (flags.threads)
    c.threads = *flags.threads;
  else if (auto v = env.get("TANDEM_THREADS"); v && !v->empty())
    c.threads = static_cast<std::size_t>(parse_int("TANDEM_THREADS", *v, 1));
  if (c.threads == 0) throw ConfigError("--threads must be at least 1");

  c.jwt_secret = env.first_of({"TANDEM_JWT_SECRET", "JWT_SECRET_KEY", "JWT_SECRET", "SECRET_KEY"});
  if (auto v = env.first_of({"TANDEM_CORS_ORIGINS", "FRONT_END_URL", "ALLOW_ORIGINS"}))
    c.cors_origins = split_list(*v);
  if (auto v = env.get("TANDEM_NOW"); v && !v->empty()) {
    c.frozen_now_micros = platform::parse_iso8601_micros(*v);
    if (!c.frozen_now_micros) throw ConfigError("TANDEM_NOW must be ISO-8601 UTC, got " + *v);
  }
  c.production = env.get("TANDEM_ENV").value_or("") == "production";
  c.secure_cookies = c.production || env.get("MODE").value_or("") == "production";

  c.limits.max_header_bytes =
      static_cast<std::size_t>(integer("TANDEM_MAX_HEADER_BYTES", 16 * 1024, 1024));
  c.limits.max_body_bytes =
      static_cast<std::size_t>(integer("TANDEM_MAX_BODY_BYTES", 1024 * 1024, 0));
  c.limits.header_timeout =
      std::chrono::milliseconds(integer("TANDEM_HEADER_TIMEOUT_MS", 10'000, 1));
  c.limits.body_timeout = std::chrono::milliseconds(integer("TANDEM_BODY_TIMEOUT_MS", 30'000, 1));
  c.limits.idle_timeout = std::chrono::milliseconds(integer("TANDEM_IDLE_TIMEOUT_MS", 60'000, 1));
  c.limits.max_connections = static_cast<std::size_t>(integer("TANDEM_MAX_CONNECTIONS", 10'000, 1));
  c.shutdown_deadline =
      std::chrono::milliseconds(integer("TANDEM_SHUTDOWN_DEADLINE_MS", 10'000, 0));
  if (auto v = env.get("TANDEM_ACCESS_LOG")) c.access_log = parse_bool(*v);

  c.access_token_minutes = integer("ACCESS_TOKEN_EXPIRE_MINUTES", 60, 1);
  c.refresh_token_days = integer("REFRESH_TOKEN_EXPIRE_DAYS", 7, 1);
  if (auto v = env.get("TANDEM_ARGON2_OPSLIMIT"); v && !v->empty())
    c.argon2.opslimit = static_cast<unsigned long long>(parse_int("TANDEM_ARGON2_OPSLIMIT", *v, 1));
  if (auto v = env.get("TANDEM_ARGON2_MEMLIMIT_KIB"); v && !v->empty())
    c.argon2.memlimit =
        static_cast<std::size_t>(parse_int("TANDEM_ARGON2_MEMLIMIT_KIB", *v, 8)) * 1024;
  c.hash_threads = static_cast<std::size_t>(integer("TANDEM_HASH_THREADS", 2, 1));
  c.hash_queue = static_cast<std::size_t>(integer("TANDEM_HASH_QUEUE", 256, 1));
  c.login_account_limit = integer("TANDEM_LOGIN_ACCOUNT_LIMIT", 10, 1);
  c.login_address_limit = integer("TANDEM_LOGIN_ADDRESS_LIMIT", 50, 1);
  c.login_window_seconds = integer("TANDEM_LOGIN_WINDOW_SECONDS", 300, 1);

  c.postgres_connections_per_loop =
      static_cast<int>(integer("TANDEM_PG_CONNECTIONS_PER_LOOP", 8, 1));
  c.db_max_waiters = static_cast<std::size_t>(integer("TANDEM_DB_MAX_WAITERS", 1024, 1));
  c.web_assets_dir = env.get("TANDEM_WEB_ASSETS").value_or(TANDEM_DEFAULT_WEB_ASSETS);
  if (auto v = env.first_of({"TANDEM_V1_WS_ALLOW_ANONYMOUS", "FLOWTRACK_WS_ALLOW_ANONYMOUS"}))
    c.v1_ws_allow_anonymous = parse_bool(*v);
  c.ws_max_queued_frames = static_cast<std::size_t>(integer("TANDEM_WS_MAX_QUEUE", 256, 1));
  c.ws_ping_seconds = integer("TANDEM_WS_PING_SECONDS", 20, 1);
  return c;
}

void check_production_safety(const Config& c) {
  if (!c.production) return;
  static const std::vector<std::string> kKnownDefaults = {"your-secret-key-change-in-production",
                                                          "dev-secret-key-change-in-production",
                                                          "change-me",
                                                          "changeme",
                                                          "secret",
                                                          "super-secret",
                                                          "super-secret-key",
                                                          "your-secret-key"};
  if (c.jwt_secret && std::find(kKnownDefaults.begin(), kKnownDefaults.end(), *c.jwt_secret) !=
                          kKnownDefaults.end())
    throw ConfigError("TANDEM_ENV=production refuses a known default JWT secret");
  if (c.jwt_secret && c.jwt_secret->size() < 16)
    throw ConfigError("TANDEM_ENV=production needs a JWT secret of at least 16 characters");
  if (std::find(c.cors_origins.begin(), c.cors_origins.end(), "*") != c.cors_origins.end())
    throw ConfigError("TANDEM_ENV=production refuses a wildcard CORS origin with credentials");
}

}  // namespace tandem::app
