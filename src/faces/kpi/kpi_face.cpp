#include "faces/kpi/kpi_face.hpp"

#include "faces/kpi/circle_routes.hpp"
#include "faces/kpi/kpi_errors.hpp"
#include "faces/kpi/kpi_routes.hpp"
#include "faces/kpi/session_routes.hpp"
#include "faces/kpi/user_routes.hpp"
#include "faces/kpi/value_routes.hpp"

namespace tandem::faces::kpi {

void mount(http::Router& router, http::RequestPipeline& pipeline, KpiContext& ctx) {
  add_session_routes(router, ctx);
  add_user_routes(router, ctx);
  add_circle_routes(router, ctx);
  add_kpi_routes(router, ctx);
  add_value_routes(router, ctx);
  for (const char* prefix : {"/login", "/logout", "/users", "/circles", "/kpis", "/kpi_values"})
    pipeline.set_error_renderer(prefix, render_platform_error);
}

}  // namespace tandem::faces::kpi
