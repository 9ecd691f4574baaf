#pragma once
#include "faces/kpi/kpi_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::kpi {

// GET /users, GET /users/{user_id}.
void add_user_routes(http::Router& router, KpiContext& ctx);

}  // namespace tandem::faces::kpi
