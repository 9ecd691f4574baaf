#pragma once
#include "faces/v1/v1_context.hpp"
#include "platform/http/request_pipeline.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::v1 {

// Mounts FlowTrack's /api/v1 routes and makes v1 render errors for paths under /api/v1.
void mount(http::Router& router, http::RequestPipeline& pipeline, V1Context& ctx);

}  // namespace tandem::faces::v1
