#pragma once
#include "faces/kpi/kpi_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::kpi {

// /kpi_values: search, add, edit, the circle change log and a value's mini log.
void add_value_routes(http::Router& router, KpiContext& ctx);

}  // namespace tandem::faces::kpi
