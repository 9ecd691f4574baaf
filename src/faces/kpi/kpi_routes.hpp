#pragma once
#include "faces/kpi/kpi_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::kpi {

// GET /kpis, GET /kpis/{kpi_id}, POST /kpis/add, PUT /kpis/{kpi_id}/edit.
void add_kpi_routes(http::Router& router, KpiContext& ctx);

}  // namespace tandem::faces::kpi
