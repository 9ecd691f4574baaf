#pragma once
#include "faces/v1/v1_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::v1 {

// /api/v1/dashboard/ (spec/flowtrack.md §5.2).
void add_dashboard_routes(http::Router& router, V1Context& ctx);

}  // namespace tandem::faces::v1
