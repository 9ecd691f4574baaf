#pragma once
#include "faces/v1/v1_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::v1 {

// /api/v1/tasks: CRUD and the kanban move (spec/flowtrack.md §2.7).
void add_task_routes(http::Router& router, V1Context& ctx);

}  // namespace tandem::faces::v1
