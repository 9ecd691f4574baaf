#pragma once
#include "faces/v1/v1_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::v1 {

// /api/v1/projects: CRUD, progress and members (spec/flowtrack.md §2.6).
void add_project_routes(http::Router& router, V1Context& ctx);

}  // namespace tandem::faces::v1
