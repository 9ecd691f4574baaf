// Which face renders a platform error for a path: the longest registered prefix wins, and an
// exact registration covers its own path only, so the schemes face's /api does not take over
// the other faces' /api/... paths (or unknown ones).
#include "platform/http/request_pipeline.hpp"

#include <gtest/gtest.h>

namespace tandem::http {
namespace {

Response tagged(std::string_view tag, int status) {
  return Response::text(status, std::string(tag));
}

TEST(RequestPipelineTest, ErrorRenderersByPrefixAndExactPath) {
  Router router;
  RequestPipeline pipeline(router, CorsPolicy({}), PipelineOptions{false});
  pipeline.set_error_renderer("/api/v1", [](int s, std::string_view) { return tagged("v1", s); });
  pipeline.set_error_renderer("/api/auth",
                              [](int s, std::string_view) { return tagged("teamflow", s); });
  pipeline.set_error_renderer(
      "/api", [](int s, std::string_view) { return tagged("schemes", s); }, PathScope::exact);
  pipeline.set_error_renderer("/api/schemes/",
                              [](int s, std::string_view) { return tagged("schemes", s); });

  auto owner = [&](std::string_view path) { return pipeline.render_error(path, 404, "x").body; };
  EXPECT_EQ(owner("/api"), "schemes");
  EXPECT_EQ(owner("/api/schemes/get_items"), "schemes");
  EXPECT_EQ(owner("/api/v1/users"), "v1");
  EXPECT_EQ(owner("/api/auth/login"), "teamflow");
  // Not the exact path: the platform's default shape.
  EXPECT_EQ(owner("/api/unknown"), "{\"detail\":\"x\"}");
  EXPECT_EQ(owner("/apix"), "{\"detail\":\"x\"}");
  EXPECT_EQ(pipeline.render_error("/api", 413, "x").status, 413);
}

}  // namespace
}  // namespace tandem::http
