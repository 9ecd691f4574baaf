#pragma once
// The process's long-lived parts, built once from the configuration and shared by the server
// and the CLI commands.

#include <memory>

#include "app/config.hpp"
#include "domain/board/board_service.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/kpi/kpi_service.hpp"
#include "domain/work/work_service.hpp"
#include "platform/blocking_pool.hpp"
#include "platform/event_bus.hpp"
#include "platform/redis/redis_client.hpp"
#include "store/db/database.hpp"
#include "store/identity/revoked_token_repository.hpp"

namespace tandem::app {

struct Services {
  Config config;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<store::RevokedTokenRepository> revoked;
  std::unique_ptr<domain::identity::TokenService> tokens;
  std::unique_ptr<platform::BlockingPool> hashing;
  // REDIS_URL set: shared login counters and the event mirror (before identity, which uses it).
  std::unique_ptr<platform::RedisClient> redis;
  std::unique_ptr<domain::identity::IdentityService> identity;
  std::unique_ptr<domain::kpi::KpiService> kpi;
  std::unique_ptr<platform::EventBus> events;  // domain events after commit (WebSocket fan-out)
  std::unique_ptr<domain::work::WorkService> work;     // publishes on `events`
  std::unique_ptr<domain::board::BoardService> board;  // TeamFlow's global task board
  // The schemes face's query engine over the inventory models (spec/beyo.md §2).
  std::unique_ptr<domain::catalog::CatalogService> catalog;
};

// Opens the database, applies migrations, resolves the signing secret (generating and storing
// one when none is configured) and builds the domain services.
std::unique_ptr<Services> build_services(Config config);

}  // namespace tandem::app
