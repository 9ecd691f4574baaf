#pragma once
#include "faces/teamflow/teamflow_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::teamflow {

// GET/POST /api/tasks, PUT/DELETE /api/tasks/{id} (spec/teamflow.md §6).
void add_task_routes(http::Router& router, TeamflowContext& ctx);

}  // namespace tandem::faces::teamflow
