#include "app/config.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "faces/face_table.hpp"
#include "platform/clock.hpp"
#include "store/db/database_factory.hpp"

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

// The printable form of a rejected value, so the error stays on one line whatever was typed.
std::string shown(std::string_view value) {
  constexpr std::size_t kMaxShown = 200;
  std::string out;
  for (unsigned char c : value.substr(0, kMaxShown)) {
    if (c < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (value.size() > kMaxShown) out += "...";
  return out;
}

std::optional<std::int64_t> integer_in(const std::string& text, std::int64_t min,
                                       std::int64_t max) {
  std::int64_t v = 0;
  auto t = trim(text);
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc{} || p != t.data() + t.size() || v < min || v > max) return std::nullopt;
  return v;
}

// One setting as the operator gave it: the flag or variable name (for the error) and its text.
struct RawSetting {
  std::string name;
  std::string value;
};

// Parses and range-checks settings, naming the flag or variable in every error.
class SettingReader {
 public:
  explicit SettingReader(const EnvSource& env) : env_(env) {}

  // The flag when given (even empty: the operator typed it), else the first variable of `names`
  // with a non-empty value (an empty variable counts as unset, as in a .env template).
  std::optional<RawSetting> find(const std::optional<std::string>& flag, const char* flag_name,
                                 std::initializer_list<const char*> names) const {
    if (flag) return RawSetting{flag_name, *flag};
    for (const char* name : names) {
      if (auto v = env_.get(name); v && !trim(*v).empty()) return RawSetting{name, *v};
    }
    return std::nullopt;
  }
  std::optional<RawSetting> find(std::initializer_list<const char*> names) const {
    return find(std::nullopt, "", names);
  }

  static std::int64_t integer(const RawSetting& s, std::int64_t min, std::int64_t max) {
    auto v = integer_in(s.value, min, max);
    if (!v)
      reject_input(s.name, "an integer from " + std::to_string(min) + " to " + std::to_string(max),
                   s.value);
    return *v;
  }
  std::int64_t integer(const char* name, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) const {
    auto s = find({name});
    return s ? integer(*s, min, max) : fallback;
  }

  static bool boolean(const RawSetting& s) {
    auto t = trim(s.value);
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* yes : {"1", "true", "yes", "on"})
      if (t == yes) return true;
    for (const char* no : {"0", "false", "no", "off"})
      if (t == no) return false;
    reject_input(s.name, "a boolean (1/0, true/false, yes/no, on/off)", s.value);
  }
  bool boolean(std::initializer_list<const char*> names, bool fallback) const {
    auto s = find(names);
    return s ? boolean(*s) : fallback;
  }

 private:
  const EnvSource& env_;
};

constexpr std::int64_t kMaxThreads = 256;
constexpr std::int64_t kMillisPerDay = 86'400'000;
constexpr std::int64_t kMaxCount = 1'000'000'000;  // queue lengths, connections, login limits
// Prepared statements per database connection: each holds server or SQLite memory, so the
// bound stays well below what a connection could afford.
constexpr std::int64_t kMaxStatementCache = 100'000;

// HOST:PORT, HOST an IP address (IPv6 in brackets) or localhost, empty for every interface;
// port 0 lets the kernel pick a free one (the log line names it).
void parse_listen(const RawSetting& s, Config& c) {
  auto colon = s.value.rfind(':');
  if (colon == std::string::npos) reject_input(s.name, "HOST:PORT, e.g. 127.0.0.1:8000", s.value);
  std::string host = s.value.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  boost::system::error_code ec;
  if (host != "localhost") boost::asio::ip::make_address(host, ec);
  if (ec)
    reject_input(s.name, "HOST:PORT with HOST an IP address or localhost, e.g. 127.0.0.1:8000",
                 s.value);
  auto port = integer_in(s.value.substr(colon + 1), 0, 65535);
  if (!port) reject_input(s.name, "HOST:PORT with a port from 0 to 65535", s.value);
  c.listen_host = host;
  c.listen_port = static_cast<std::uint16_t>(*port);
}

// The names come from the face table, so a new face is known here as soon as it is mounted there.
std::vector<std::string> every_face() {
  std::vector<std::string> names;
  for (const auto& face : faces::face_table()) names.emplace_back(face.name);
  return names;
}

std::vector<std::string> parse_faces(const RawSetting& s) {
  auto known = every_face();
  std::string expected = "a comma list of";
  for (const auto& name : known) expected += (&name == &known.front() ? " " : ", ") + name;
  auto faces = split_list(s.value);
  if (faces.empty()) reject_input(s.name, expected, s.value);
  for (const auto& f : faces) {
    if (std::find(known.begin(), known.end(), f) == known.end())
      reject_input(s.name, expected, s.value);
  }
  return faces;
}

// An allowed origin is what a browser sends: SCHEME://HOST[:PORT] (a trailing slash is dropped
// when matching), or * for any. "localhost:3000" would never match, so it is refused.
std::vector<std::string> parse_cors_origins(const RawSetting& s) {
  auto origins = split_list(s.value);
  for (const auto& o : origins) {
    auto sep = o.find("://");
    bool scheme_ok =
        sep != std::string::npos && sep > 0 &&
        std::all_of(o.begin(), o.begin() + static_cast<std::ptrdiff_t>(sep), [](unsigned char c) {
          return std::isalnum(c) || c == '+' || c == '-' || c == '.';
        });
    std::string_view rest =
        sep == std::string::npos ? std::string_view() : std::string_view(o).substr(sep + 3);
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    bool host_ok = !rest.empty() && rest.find_first_of("/ \t?#") == std::string_view::npos;
    if (o != "*" && !(scheme_ok && host_ok))
      reject_input(s.name, "a comma or JSON list of origins like https://app.example.com, or *",
                   s.value);
  }
  return origins;
}

// Addresses or CIDR blocks; the message shows the one entry that is wrong.
http::TrustedProxies parse_trusted_proxies(const RawSetting& s) {
  constexpr std::string_view kExpected =
      "a comma list of IP addresses or CIDR blocks like 10.0.0.0/8 or ::1 (no host bits after "
      "the prefix)";
  auto entries = split_list(s.value);
  if (entries.empty()) reject_input(s.name, kExpected, s.value);
  std::vector<http::IpNetwork> networks;
  for (const auto& entry : entries) {
    auto network = http::IpNetwork::parse(entry);
    if (!network) reject_input(s.name, kExpected, entry);
    networks.push_back(*network);
  }
  return http::TrustedProxies(std::move(networks));
}

}  // namespace

void reject_input(std::string_view name, std::string_view expected, std::string_view value) {
  throw ConfigError(std::string(name) + ": expected " + std::string(expected) + ", got \"" +
                    shown(value) + "\"");
}

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
  SettingReader read(env);
  c.threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, kMaxThreads);

  if (auto s = read.find(flags.listen, "--listen", {"TANDEM_LISTEN"})) parse_listen(*s, c);
  if (auto s = read.find(flags.database, "--database", {"DATABASE_URL", "TANDEM_DATABASE_URL"})) {
    try {
      store::parse_database_url(s->value);
    } catch (const std::invalid_argument&) {
      reject_input(s->name, "sqlite:///FILE, sqlite:////ABSOLUTE/FILE or postgresql://...",
                   s->value);
    }
    c.database_url = s->value;
  }
  c.faces = every_face();
  if (auto s = read.find(flags.faces, "--faces", {"TANDEM_FACES"})) c.faces = parse_faces(*s);
  if (auto s = read.find(flags.threads, "--threads", {"TANDEM_THREADS"}))
    c.threads = static_cast<std::size_t>(SettingReader::integer(*s, 1, kMaxThreads));

  c.jwt_secret = env.first_of({"TANDEM_JWT_SECRET", "JWT_SECRET_KEY", "JWT_SECRET", "SECRET_KEY"});
  if (auto s = read.find({"TANDEM_CORS_ORIGINS", "FRONT_END_URL", "ALLOW_ORIGINS"}))
    c.cors_origins = parse_cors_origins(*s);
  if (auto s = read.find({"TANDEM_NOW"})) {
    c.frozen_now_micros = platform::parse_iso8601_micros(trim(s->value));
    if (!c.frozen_now_micros)
      reject_input(s->name, "an ISO-8601 UTC time, e.g. 2024-01-31T12:00:00Z", s->value);
  }
  if (auto s = read.find({"TANDEM_ENV"})) {
    // A misspelt "production" would silently drop the production checks.
    auto v = trim(s->value);
    if (v != "production" && v != "development" && v != "test")
      reject_input(s->name, "production, development or test", s->value);
    c.production = v == "production";
  }
  // FlowTrack's MODE: any value its .env files carry; only "production" changes anything.
  c.secure_cookies = c.production || trim(env.get("MODE").value_or("")) == "production";

  c.limits.max_header_bytes =
      static_cast<std::size_t>(read.integer("TANDEM_MAX_HEADER_BYTES", 16 * 1024, 1024, 16 << 20));
  c.limits.max_body_bytes =
      static_cast<std::size_t>(read.integer("TANDEM_MAX_BODY_BYTES", 1 << 20, 1, 1 << 30));
  c.limits.header_timeout =
      std::chrono::milliseconds(read.integer("TANDEM_HEADER_TIMEOUT_MS", 10'000, 1, kMillisPerDay));
  c.limits.body_timeout =
      std::chrono::milliseconds(read.integer("TANDEM_BODY_TIMEOUT_MS", 30'000, 1, kMillisPerDay));
  c.limits.idle_timeout =
      std::chrono::milliseconds(read.integer("TANDEM_IDLE_TIMEOUT_MS", 60'000, 1, kMillisPerDay));
  c.limits.max_connections =
      static_cast<std::size_t>(read.integer("TANDEM_MAX_CONNECTIONS", 10'000, 1, kMaxCount));
  // 0: close at once without draining.
  c.shutdown_deadline = std::chrono::milliseconds(
      read.integer("TANDEM_SHUTDOWN_DEADLINE_MS", 10'000, 0, kMillisPerDay));
  // 0: close the listener at once. A minute covers any health-check interval times its fall
  // count; a longer wait only delays deploys.
  c.drain = std::chrono::milliseconds(read.integer("TANDEM_DRAIN_MS", 1000, 0, 60'000));
  if (auto s = read.find({"TANDEM_TRUSTED_PROXIES"})) c.trusted_proxies = parse_trusted_proxies(*s);
  if (auto s = read.find({"REDIS_URL", "TANDEM_REDIS_URL"})) {
    c.redis = platform::parse_redis_url(s->value);
    // The value is not shown: it may hold a password.
    if (!c.redis) reject_input(s->name, "a URL like redis://127.0.0.1:6379/0", "(not shown)");
  }
  c.access_log = read.boolean({"TANDEM_ACCESS_LOG"}, c.access_log);

  c.access_token_minutes = read.integer("ACCESS_TOKEN_EXPIRE_MINUTES", 60, 1, 366 * 24 * 60);
  c.refresh_token_days = read.integer("REFRESH_TOKEN_EXPIRE_DAYS", 7, 1, 3660);
  // libsodium's argon2id bounds start at 1 pass and 8 KiB; above 4 GiB a login is a DoS.
  c.argon2.opslimit = static_cast<unsigned long long>(read.integer(
      "TANDEM_ARGON2_OPSLIMIT", static_cast<std::int64_t>(c.argon2.opslimit), 1, 1000));
  if (auto s = read.find({"TANDEM_ARGON2_MEMLIMIT_KIB"}))
    c.argon2.memlimit = static_cast<std::size_t>(SettingReader::integer(*s, 8, 4 << 20)) * 1024;
  c.hash_threads = static_cast<std::size_t>(read.integer("TANDEM_HASH_THREADS", 2, 1, kMaxThreads));
  c.hash_queue = static_cast<std::size_t>(read.integer("TANDEM_HASH_QUEUE", 256, 1, kMaxCount));
  c.login_account_limit = read.integer("TANDEM_LOGIN_ACCOUNT_LIMIT", 10, 1, kMaxCount);
  // Default: ten times the per-address limit.
  c.login_account_ceiling = read.integer("TANDEM_LOGIN_ACCOUNT_CEILING", 10 * c.login_account_limit,
                                         c.login_account_limit, 10 * kMaxCount);
  c.login_address_limit = read.integer("TANDEM_LOGIN_ADDRESS_LIMIT", 50, 1, kMaxCount);
  c.login_window_seconds = read.integer("TANDEM_LOGIN_WINDOW_SECONDS", 300, 1, 7 * 86'400);

  c.postgres_connections_per_loop =
      static_cast<int>(read.integer("TANDEM_PG_CONNECTIONS_PER_LOOP", 8, 1, 1000));
  c.db_max_waiters =
      static_cast<std::size_t>(read.integer("TANDEM_DB_MAX_WAITERS", 1024, 1, kMaxCount));
  c.db_statement_cache = static_cast<std::size_t>(
      read.integer("TANDEM_DB_STATEMENT_CACHE", 256, 1, kMaxStatementCache));
  c.db_statement_timeout_ms = read.integer("TANDEM_DB_STATEMENT_TIMEOUT_MS", 5000, 0, 3'600'000);
  c.web_assets_dir = env.get("TANDEM_WEB_ASSETS").value_or(TANDEM_DEFAULT_WEB_ASSETS);
  c.v1_ws_allow_anonymous = read.boolean(
      {"TANDEM_V1_WS_ALLOW_ANONYMOUS", "FLOWTRACK_WS_ALLOW_ANONYMOUS"}, c.v1_ws_allow_anonymous);
  c.ws_max_queued_frames =
      static_cast<std::size_t>(read.integer("TANDEM_WS_MAX_QUEUE", 256, 1, kMaxCount));
  c.ws_ping_seconds = read.integer("TANDEM_WS_PING_SECONDS", 20, 1, 86'400);
  // At least a day: a client that was away over a night still catches up.
  c.event_retention_days = read.integer("TANDEM_EVENT_RETENTION_DAYS", 7, 1, 3660);

  c.kpi.passwordless_login =
      read.boolean({"TANDEM_KPI_PASSWORDLESS_LOGIN"}, c.kpi.passwordless_login);
  c.kpi.strict_roles = read.boolean({"TANDEM_KPI_STRICT_ROLES"}, c.kpi.strict_roles);
  c.kpi.strict_values = read.boolean({"TANDEM_KPI_STRICT_VALUES"}, c.kpi.strict_values);
  c.kpi.strict_inactive_kpi =
      read.boolean({"TANDEM_KPI_STRICT_INACTIVE_KPI"}, c.kpi.strict_inactive_kpi);
  c.teamflow.token_ttl_seconds = read.integer("TANDEM_TEAMFLOW_TOKEN_HOURS",
                                              c.teamflow.token_ttl_seconds / 3600, 1, 365 * 24) *
                                 3600;
  c.schemes_token_days = read.integer("TANDEM_SCHEMES_TOKEN_DAYS", c.schemes_token_days, 1, 366);
  c.schemes_page_cache =
      static_cast<std::size_t>(read.integer("TANDEM_SCHEMES_PAGE_CACHE", 256, 0, 100'000));
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
