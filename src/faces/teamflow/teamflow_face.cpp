#include "faces/teamflow/teamflow_face.hpp"

#include "faces/teamflow/auth_routes.hpp"
#include "faces/teamflow/health_routes.hpp"
#include "faces/teamflow/task_routes.hpp"
#include "faces/teamflow/teamflow_context.hpp"
#include "faces/teamflow/teamflow_errors.hpp"

namespace tandem::faces::teamflow {

MountedFace mount(const FaceEnvironment& env) {
  auto ctx = std::make_shared<TeamflowContext>(env.identity, env.board);
  add_auth_routes(env.router, *ctx);
  add_task_routes(env.router, *ctx);
  add_health_routes(env.router, *ctx);
  for (const char* prefix : {"/api/auth", "/api/tasks", "/api/health"})
    env.pipeline.set_error_renderer(prefix, render_platform_error);
  return ctx;
}

}  // namespace tandem::faces::teamflow
