#include "app/services.hpp"

#include <spdlog/spdlog.h>

#include "app/run_sync.hpp"
#include "domain/inventory/inventory_models.hpp"
#include "platform/clock.hpp"
#include "platform/metrics.hpp"
#include "platform/redis/redis_attempt_limiter.hpp"
#include "platform/uuid.hpp"
#include "store/db/database_factory.hpp"
#include "store/identity/instance_settings_repository.hpp"
#include "store/migrations.hpp"

namespace tandem::app {

std::unique_ptr<Services> build_services(Config config) {
  auto s = std::make_unique<Services>();
  s->config = std::move(config);
  const auto& c = s->config;
  if (c.frozen_now_micros) platform::Clock::instance().freeze(*c.frozen_now_micros);

  store::DatabaseTuning tuning;
  tuning.postgres_connections_per_loop = c.postgres_connections_per_loop;
  tuning.max_waiters = c.db_max_waiters;
  tuning.statement_cache_size = c.db_statement_cache;
  tuning.statement_timeout_ms = c.db_statement_timeout_ms;
  s->db = store::open_database(c.database_url, tuning);
  int applied = run_sync(store::apply_migrations(*s->db));
  if (applied > 0) spdlog::info("applied {} migration(s)", applied);

  std::string secret;
  if (c.jwt_secret) {
    secret = *c.jwt_secret;
  } else {
    // Kept with the data so every instance and every restart signs with the same key.
    store::InstanceSettingsRepository settings(*s->db);
    secret = run_sync(settings.get_or_put("jwt_secret", platform::random_hex(32)));
    spdlog::warn(
        "no JWT secret configured (TANDEM_JWT_SECRET): using a generated one stored in the "
        "database");
  }

  s->revoked = std::make_unique<store::RevokedTokenRepository>(*s->db);
  domain::identity::TokenSettings token_settings;
  token_settings.secret = secret;
  token_settings.access_ttl_seconds = c.access_token_minutes * 60;
  token_settings.refresh_ttl_seconds = c.refresh_token_days * 86400;
  s->tokens = std::make_unique<domain::identity::TokenService>(token_settings, *s->revoked);
  s->hashing = std::make_unique<platform::BlockingPool>(c.hash_threads, c.hash_queue);
  domain::identity::IdentitySettings identity_settings;
  identity_settings.password_cost = c.argon2;
  identity_settings.login_account_limit = c.login_account_limit;
  identity_settings.login_account_ceiling = c.login_account_ceiling;
  identity_settings.login_address_limit = c.login_address_limit;
  identity_settings.login_window_seconds = c.login_window_seconds;
  std::unique_ptr<platform::AttemptLimiter> login_attempts =
      std::make_unique<platform::InProcessAttemptLimiter>(c.login_window_seconds);
  if (c.redis) {
    s->redis = std::make_unique<platform::RedisClient>(*c.redis);
    platform::Metrics::instance().add_counter(
        "tandem_redis_unavailable_total",
        "Redis commands not answered (down, slow or paused after a failure): the in-process "
        "fallback decided, or the event was not mirrored.",
        [redis = s->redis.get()] { return redis->unavailable_count(); });
    login_attempts = std::make_unique<platform::RedisAttemptLimiter>(
        *s->redis, c.login_window_seconds, std::move(login_attempts));
  }
  s->identity = std::make_unique<domain::identity::IdentityService>(
      *s->db, *s->tokens, *s->hashing, identity_settings, std::move(login_attempts));
  s->kpi = std::make_unique<domain::kpi::KpiService>(*s->db, *s->identity, c.kpi);
  s->events = std::make_unique<platform::InProcessEventBus>();
  s->work = std::make_unique<domain::work::WorkService>(*s->db, s->events.get());
  s->board = std::make_unique<domain::board::BoardService>(*s->db, c.teamflow);
  s->catalog = std::make_unique<domain::catalog::CatalogService>(
      *s->db, domain::inventory::inventory_registry(), *s->identity);
  return s;
}

}  // namespace tandem::app
