#pragma once
// Platform endpoints that belong to no face: /, /health, /healthz, /readyz, /metrics,
// /openapi.json, /docs, /redoc and the documentation assets.

#include <string>

#include "platform/http/readiness.hpp"
#include "platform/http/router.hpp"
#include "store/db/database.hpp"

namespace tandem::faces::system {

struct SystemContext {
  store::Database& db;
  const http::Router& router;        // for /openapi.json
  std::string web_assets_dir;        // web/node_modules
  const http::Readiness& readiness;  // draining: /readyz answers 503 whatever the database says
};

void add_system_routes(http::Router& router, SystemContext& ctx);

}  // namespace tandem::faces::system
