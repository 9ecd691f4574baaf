#include "app/config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace tandem::app {
namespace {

// Sets an environment variable for one test and restores the previous state afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_)
      setenv(name_, old_->c_str(), 1);
    else
      unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

EnvSource env_of(std::map<std::string, std::string> values) { return EnvSource(std::move(values)); }

TEST(DotenvTest, ParsesQuotesCommentsAndExport) {
  auto m = parse_dotenv(
      "# comment\nA=1\nexport B = two \nC=\"quoted # not a comment\"\nD='single'\nE=x # trailing\n"
      "not a pair\n");
  EXPECT_EQ(m["A"], "1");
  EXPECT_EQ(m["B"], "two");
  EXPECT_EQ(m["C"], "quoted # not a comment");
  EXPECT_EQ(m["D"], "single");
  EXPECT_EQ(m["E"], "x");
  EXPECT_EQ(m.count("not a pair"), 0u);
}

TEST(ConfigTest, EnvironmentWinsOverDotenvAndFlagsWinOverBoth) {
  ScopedEnv env("DATABASE_URL", "sqlite:///from-env.db");
  EnvSource source =
      env_of({{"DATABASE_URL", "sqlite:///from-dotenv.db"}, {"TANDEM_THREADS", "3"}});
  CliOverrides none;
  auto c = load_config(source, none);
  EXPECT_EQ(c.database_url, "sqlite:///from-env.db");
  EXPECT_EQ(c.threads, 3u);  // only in .env

  CliOverrides flags;
  flags.database = "sqlite:///from-flag.db";
  flags.threads = "5";
  auto c2 = load_config(source, flags);
  EXPECT_EQ(c2.database_url, "sqlite:///from-flag.db");
  EXPECT_EQ(c2.threads, 5u);
}

TEST(ConfigTest, SecretNamesInPrecedenceOrder) {
  EnvSource source = env_of({{"SECRET_KEY", "teamflow"}, {"JWT_SECRET_KEY", "kpi"}});
  EXPECT_EQ(load_config(source, {}).jwt_secret.value(), "kpi");
  EnvSource only_flowtrack = env_of({{"JWT_SECRET", "flowtrack"}});
  EXPECT_EQ(load_config(only_flowtrack, {}).jwt_secret.value(), "flowtrack");
  EnvSource none = env_of({});
  EXPECT_FALSE(load_config(none, {}).jwt_secret.has_value());
}

TEST(ConfigTest, CorsOriginsFromCommaListOrJsonList) {
  EnvSource comma = env_of({{"TANDEM_CORS_ORIGINS", " http://a:1 , http://b:2 "}});
  EXPECT_EQ(load_config(comma, {}).cors_origins,
            (std::vector<std::string>{"http://a:1", "http://b:2"}));
  EnvSource json =
      env_of({{"ALLOW_ORIGINS", R"(["http://localhost:3023","http://localhost:3021"])"}});
  EXPECT_EQ(load_config(json, {}).cors_origins,
            (std::vector<std::string>{"http://localhost:3023", "http://localhost:3021"}));
}

TEST(ConfigTest, ListenFlagParsesHostAndPort) {
  CliOverrides flags;
  flags.listen = "0.0.0.0:9123";
  auto c = load_config(env_of({}), flags);
  EXPECT_EQ(c.listen_host, "0.0.0.0");
  EXPECT_EQ(c.listen_port, 9123);
}

TEST(ConfigTest, RejectsBadValues) {
  EXPECT_THROW(load_config(env_of({{"TANDEM_MAX_BODY_BYTES", "lots"}}), {}), ConfigError);
  EXPECT_THROW(load_config(env_of({{"TANDEM_NOW", "yesterday"}}), {}), ConfigError);
  EXPECT_THROW(load_config(env_of({{"TANDEM_FACES", "v1,nope"}}), {}), ConfigError);
  CliOverrides bad_listen;
  bad_listen.listen = "no-port";
  EXPECT_THROW(load_config(env_of({}), bad_listen), ConfigError);
}

// The message of the ConfigError that load_config throws, or "" when it accepts.
std::string rejection(std::map<std::string, std::string> env, CliOverrides flags = {}) {
  try {
    load_config(EnvSource(std::move(env)), flags);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigTest, ErrorsNameTheFlagOrVariableAndTheRange) {
  CliOverrides threads;
  threads.threads = "-1";
  EXPECT_EQ(rejection({}, threads), "--threads: expected an integer from 1 to 256, got \"-1\"");
  EXPECT_EQ(rejection({{"TANDEM_THREADS", "0"}}),
            "TANDEM_THREADS: expected an integer from 1 to 256, got \"0\"");
  EXPECT_EQ(
      rejection({{"TANDEM_HASH_QUEUE", "99999999999999999999"}}).rfind("TANDEM_HASH_QUEUE: ", 0),
      0u);
  EXPECT_EQ(rejection({{"TANDEM_ACCESS_LOG", "maybe"}}).rfind("TANDEM_ACCESS_LOG: ", 0), 0u);
  EXPECT_EQ(rejection({{"SECRET_KEY", "x"}, {"TANDEM_ENV", "prod"}}),
            "TANDEM_ENV: expected production, development or test, got \"prod\"");
  EXPECT_EQ(rejection({{"FRONT_END_URL", "localhost:3000"}}).rfind("FRONT_END_URL: ", 0), 0u);
  EXPECT_EQ(rejection({{"DATABASE_URL", "mysql://x"}}).rfind("DATABASE_URL: ", 0), 0u);
  EXPECT_EQ(rejection({{"TANDEM_NOW", "a\nb"}}).find('\n'), std::string::npos);
}

TEST(ConfigTest, ListenHostMustBeAnAddressAndPortInRange) {
  for (const char* bad : {"127.0.0.1:99999", "999.1.1.1:80", "example.com:80",
                          "127.0.0.1:", "127.0.0.1:-1", "[::1:80"}) {
    CliOverrides flags;
    flags.listen = bad;
    EXPECT_EQ(rejection({}, flags).rfind("--listen: expected ", 0), 0u) << bad;
  }
  for (const char* good : {"127.0.0.1:0", "localhost:65535", "[::1]:8080", ":8000"}) {
    CliOverrides flags;
    flags.listen = good;
    EXPECT_EQ(rejection({}, flags), "") << good;
  }
  EXPECT_EQ(rejection({{"TANDEM_LISTEN", "1.2.3.4:70000"}}).rfind("TANDEM_LISTEN: ", 0), 0u);
}

TEST(ConfigTest, EmptyVariablesAreUnsetButEmptyFlagsAreChecked) {
  EXPECT_EQ(rejection({{"TANDEM_THREADS", ""}, {"TANDEM_FACES", " "}}), "");
  CliOverrides faces;
  faces.faces = "";
  EXPECT_EQ(rejection({}, faces).rfind("--faces: ", 0), 0u);
}

TEST(ConfigTest, KpiAndTeamflowSwitchesAreParsedHere) {
  auto c = load_config(
      env_of({{"TANDEM_KPI_STRICT_ROLES", "Yes"}, {"TANDEM_TEAMFLOW_TOKEN_HOURS", "2"}}), {});
  EXPECT_TRUE(c.kpi.strict_roles);
  EXPECT_EQ(c.teamflow.token_ttl_seconds, 7200);
  EXPECT_EQ(
      rejection({{"TANDEM_KPI_STRICT_VALUES", "sometimes"}}).rfind("TANDEM_KPI_STRICT_VALUES: ", 0),
      0u);
}

TEST(ConfigTest, FrozenClockAndLimitsAreRead) {
  auto c = load_config(env_of({{"TANDEM_NOW", "2023-11-03T12:00:00Z"},
                               {"TANDEM_MAX_HEADER_BYTES", "4096"},
                               {"MODE", "production"}}),
                       {});
  EXPECT_EQ(c.frozen_now_micros.value(), 1699012800LL * 1'000'000);
  EXPECT_EQ(c.limits.max_header_bytes, 4096u);
  EXPECT_TRUE(c.secure_cookies);
  EXPECT_FALSE(c.production);
}

TEST(ConfigTest, ProductionRefusesDefaultSecretsAndWildcardCors) {
  auto prod = [](std::map<std::string, std::string> extra) {
    extra["TANDEM_ENV"] = "production";
    return load_config(EnvSource(std::move(extra)), {});
  };
  EXPECT_THROW(
      check_production_safety(prod({{"JWT_SECRET", "your-secret-key-change-in-production"}})),
      ConfigError);
  EXPECT_THROW(
      check_production_safety(prod({{"SECRET_KEY", "dev-secret-key-change-in-production"}})),
      ConfigError);
  EXPECT_THROW(check_production_safety(prod({{"TANDEM_JWT_SECRET", "a-long-random-secret-value"},
                                             {"TANDEM_CORS_ORIGINS", "*"}})),
               ConfigError);
  EXPECT_NO_THROW(
      check_production_safety(prod({{"TANDEM_JWT_SECRET", "a-long-random-secret-value"},
                                    {"TANDEM_CORS_ORIGINS", "https://app.example.com"}})));
  // Outside production the same settings are allowed.
  EXPECT_NO_THROW(check_production_safety(
      load_config(env_of({{"JWT_SECRET", "your-secret-key-change-in-production"}}), {})));
}

TEST(ConfigTest, StatementCacheHasADefaultAndARange) {
  EXPECT_EQ(load_config(env_of({}), {}).db_statement_cache, 256u);
  EXPECT_EQ(load_config(env_of({{"TANDEM_DB_STATEMENT_CACHE", "32"}}), {}).db_statement_cache, 32u);
  EXPECT_EQ(rejection({{"TANDEM_DB_STATEMENT_CACHE", "0"}}).rfind("TANDEM_DB_STATEMENT_CACHE: ", 0),
            0u);
  EXPECT_NE(rejection({{"TANDEM_DB_STATEMENT_CACHE", "100001"}}), "");
}

TEST(ConfigTest, DrainHasADefaultAndARange) {
  EXPECT_EQ(load_config(env_of({}), {}).drain, std::chrono::milliseconds(1000));
  EXPECT_EQ(load_config(env_of({{"TANDEM_DRAIN_MS", "0"}}), {}).drain,
            std::chrono::milliseconds(0));
  EXPECT_EQ(load_config(env_of({{"TANDEM_DRAIN_MS", "60000"}}), {}).drain,
            std::chrono::milliseconds(60'000));
  EXPECT_EQ(rejection({{"TANDEM_DRAIN_MS", "60001"}}),
            "TANDEM_DRAIN_MS: expected an integer from 0 to 60000, got \"60001\"");
  EXPECT_EQ(rejection({{"TANDEM_DRAIN_MS", "-1"}}).rfind("TANDEM_DRAIN_MS: ", 0), 0u);
}

TEST(ConfigTest, EventRetentionIsDaysFromOne) {
  EXPECT_EQ(load_config(env_of({}), {}).event_retention_days, 7);
  EXPECT_EQ(load_config(env_of({{"TANDEM_EVENT_RETENTION_DAYS", "1"}}), {}).event_retention_days,
            1);
  EXPECT_EQ(rejection({{"TANDEM_EVENT_RETENTION_DAYS", "0"}}),
            "TANDEM_EVENT_RETENTION_DAYS: expected an integer from 1 to 3660, got \"0\"");
  EXPECT_EQ(
      rejection({{"TANDEM_EVENT_RETENTION_DAYS", "7d"}}).rfind("TANDEM_EVENT_RETENTION_DAYS: ", 0),
      0u);
}

TEST(ConfigTest, TrustedProxiesAreAddressesOrBlocks) {
  EXPECT_TRUE(load_config(env_of({}), {}).trusted_proxies.empty());
  auto c =
      load_config(env_of({{"TANDEM_TRUSTED_PROXIES", " 127.0.0.1, 10.0.0.0/8 ,fd00::/8,::1"}}), {});
  EXPECT_EQ(c.trusted_proxies.size(), 4u);
  EXPECT_TRUE(c.trusted_proxies.trusts(boost::asio::ip::make_address("10.9.8.7")));
  EXPECT_FALSE(c.trusted_proxies.trusts(boost::asio::ip::make_address("11.0.0.1")));
  // The message names the setting and the one entry that is wrong, on one line.
  EXPECT_EQ(rejection({{"TANDEM_TRUSTED_PROXIES", "127.0.0.1,10.0.0.1/8"}}),
            "TANDEM_TRUSTED_PROXIES: expected a comma list of IP addresses or CIDR blocks like "
            "10.0.0.0/8 or ::1 (no host bits after the prefix), got \"10.0.0.1/8\"");
  for (const char* bad : {"localhost", "10.0.0.0/33", "proxy.example.com", ",", "1.2.3.4:80",
                          "[::1]", "10.0.0.0/8;11.0.0.0/8"})
    EXPECT_EQ(rejection({{"TANDEM_TRUSTED_PROXIES", bad}}).rfind("TANDEM_TRUSTED_PROXIES: ", 0), 0u)
        << bad;
  // Empty counts as unset, as for every variable.
  EXPECT_EQ(rejection({{"TANDEM_TRUSTED_PROXIES", ""}}), "");
}

}  // namespace
}  // namespace tandem::app
