#include "faces/v1/v1_face.hpp"

#include "faces/v1/auth_routes.hpp"
#include "faces/v1/dashboard_routes.hpp"
#include "faces/v1/project_routes.hpp"
#include "faces/v1/report_routes.hpp"
#include "faces/v1/task_routes.hpp"
#include "faces/v1/user_routes.hpp"
#include "faces/v1/v1_errors.hpp"

namespace tandem::faces::v1 {

void mount(http::Router& router, http::RequestPipeline& pipeline, V1Context& ctx) {
  add_auth_routes(router, ctx);
  add_user_routes(router, ctx);
  add_project_routes(router, ctx);
  add_task_routes(router, ctx);
  add_report_routes(router, ctx);
  add_dashboard_routes(router, ctx);
  pipeline.set_error_renderer("/api/v1", [](int status, std::string_view message) {
    // FastAPI's own texts for routing errors; ours for the rest.
    if (status == 500) return detail(500, "Internal Server Error");
    return detail(status, message);
  });
  pipeline.set_error_renderer("/ws/notifications", [](int status, std::string_view message) {
    return detail(status, message);
  });
}

}  // namespace tandem::faces::v1
