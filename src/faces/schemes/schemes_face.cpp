#include "faces/schemes/schemes_face.hpp"

#include "faces/schemes/catalog_routes.hpp"
#include "faces/schemes/schemes_context.hpp"
#include "faces/schemes/schemes_envelope.hpp"
#include "faces/schemes/session_routes.hpp"

namespace tandem::faces::schemes {

MountedFace mount(const FaceEnvironment& env) {
  auto ctx = std::make_shared<SchemesContext>(
      env.identity, env.catalog, env.pipeline.cors(),
      SchemesSettings{env.settings.secure_cookies, env.settings.schemes_token_ttl_seconds,
                      env.settings.schemes_page_cache});
  add_session_routes(env.router, *ctx);
  add_catalog_routes(env.router, *ctx);
  using http::PathScope;
  for (const char* path : {"/api", "/api/login", "/api/logout", "/api/schemes"})
    env.pipeline.set_error_renderer(path, render_platform_error, PathScope::exact);
  env.pipeline.set_error_renderer("/api/schemes/", render_platform_error);
  return ctx;
}

}  // namespace tandem::faces::schemes
