#include "faces/teamflow/teamflow_face.hpp"

#include "faces/teamflow/auth_routes.hpp"
#include "faces/teamflow/health_routes.hpp"
#include "faces/teamflow/task_routes.hpp"
#include "faces/teamflow/teamflow_errors.hpp"

namespace tandem::faces::teamflow {

void mount(http::Router& router, http::RequestPipeline& pipeline, TeamflowContext& ctx) {
  add_auth_routes(router, ctx);
  add_task_routes(router, ctx);
  add_health_routes(router, ctx);
  for (const char* prefix : {"/api/auth", "/api/tasks", "/api/health"})
    pipeline.set_error_renderer(prefix, render_platform_error);
}

}  // namespace tandem::faces::teamflow
