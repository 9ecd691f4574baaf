#pragma once
#include "faces/teamflow/teamflow_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::teamflow {

// GET /api/health (spec/teamflow.md §8.17), the derivative deployments' shape.
void add_health_routes(http::Router& router, TeamflowContext& ctx);

}  // namespace tandem::faces::teamflow
