#pragma once
#include "faces/kpi/kpi_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::kpi {

// GET /circles, GET /circles/{circle_id}, POST /circles/add (and POST /circles, the README's).
void add_circle_routes(http::Router& router, KpiContext& ctx);

}  // namespace tandem::faces::kpi
