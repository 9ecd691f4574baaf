#pragma once
#include "faces/teamflow/teamflow_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::teamflow {

// POST /api/auth/signup, POST /api/auth/login (spec/teamflow.md §6).
void add_auth_routes(http::Router& router, TeamflowContext& ctx);

}  // namespace tandem::faces::teamflow
