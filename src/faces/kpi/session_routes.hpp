#pragma once
#include "faces/kpi/kpi_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::kpi {

// POST /login, DELETE /logout (and POST /logout, the README's form).
void add_session_routes(http::Router& router, KpiContext& ctx);

}  // namespace tandem::faces::kpi
