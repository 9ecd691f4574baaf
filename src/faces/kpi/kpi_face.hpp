#pragma once
#include "faces/kpi/kpi_context.hpp"
#include "platform/http/request_pipeline.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::kpi {

// Mounts the KPI tracker's routes (spec/kpi.md §2) and makes the KPI face render errors for
// paths under its prefixes. GET / belongs to the system routes.
void mount(http::Router& router, http::RequestPipeline& pipeline, KpiContext& ctx);

}  // namespace tandem::faces::kpi
