#pragma once
#include "faces/v1/v1_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::v1 {

// /api/v1/reports: project report, team performance, workload (spec/flowtrack.md §2.8, §5.1).
void add_report_routes(http::Router& router, V1Context& ctx);

}  // namespace tandem::faces::v1
