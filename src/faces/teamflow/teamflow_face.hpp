#pragma once
#include "faces/teamflow/teamflow_context.hpp"
#include "platform/http/request_pipeline.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::teamflow {

// Mounts TeamFlow's routes (spec/teamflow.md §6) and makes the face render errors as
// {"error": ...} under its own prefixes only: /api/v1 is the v1 face's and /api the schemes
// face's.
void mount(http::Router& router, http::RequestPipeline& pipeline, TeamflowContext& ctx);

}  // namespace tandem::faces::teamflow
