#include "faces/kpi/kpi_face.hpp"

#include "faces/kpi/circle_routes.hpp"
#include "faces/kpi/kpi_context.hpp"
#include "faces/kpi/kpi_errors.hpp"
#include "faces/kpi/kpi_routes.hpp"
#include "faces/kpi/session_routes.hpp"
#include "faces/kpi/user_routes.hpp"
#include "faces/kpi/value_routes.hpp"

namespace tandem::faces::kpi {

MountedFace mount(const FaceEnvironment& env) {
  auto ctx = std::make_shared<KpiContext>(env.identity, env.kpi);
  add_session_routes(env.router, *ctx);
  add_user_routes(env.router, *ctx);
  add_circle_routes(env.router, *ctx);
  add_kpi_routes(env.router, *ctx);
  add_value_routes(env.router, *ctx);
  for (const char* prefix : {"/login", "/logout", "/users", "/circles", "/kpis", "/kpi_values"})
    env.pipeline.set_error_renderer(prefix, render_platform_error);
  return ctx;
}

}  // namespace tandem::faces::kpi
