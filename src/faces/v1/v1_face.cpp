#include "faces/v1/v1_face.hpp"

#include "faces/v1/auth_routes.hpp"
#include "faces/v1/dashboard_routes.hpp"
#include "faces/v1/notification_routes.hpp"
#include "faces/v1/notifications_socket.hpp"
#include "faces/v1/project_routes.hpp"
#include "faces/v1/report_routes.hpp"
#include "faces/v1/task_routes.hpp"
#include "faces/v1/user_routes.hpp"
#include "faces/v1/v1_context.hpp"
#include "faces/v1/v1_errors.hpp"

namespace tandem::faces::v1 {

MountedFace mount(const FaceEnvironment& env) {
  auto ctx = std::make_shared<V1Context>(
      env.identity, env.work,
      V1Settings{env.settings.secure_cookies, env.settings.v1_ws_allow_anonymous});
  add_auth_routes(env.router, *ctx);
  add_user_routes(env.router, *ctx);
  add_project_routes(env.router, *ctx);
  add_task_routes(env.router, *ctx);
  add_report_routes(env.router, *ctx);
  add_dashboard_routes(env.router, *ctx);
  add_notification_routes(env.router, *ctx);
  add_notification_socket(env.hub, *ctx);
  env.pipeline.set_error_renderer("/api/v1", [](int status, std::string_view message) {
    // FastAPI's own texts for routing errors; ours for the rest.
    if (status == 500) return detail(500, "Internal Server Error");
    return detail(status, message);
  });
  env.pipeline.set_error_renderer("/ws/notifications", [](int status, std::string_view message) {
    return detail(status, message);
  });
  return ctx;
}

}  // namespace tandem::faces::v1
