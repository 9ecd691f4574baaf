#include "platform/http/openapi.hpp"

#include <gtest/gtest.h>

#include "platform/http/request_pipeline.hpp"

namespace tandem::http {
namespace {

boost::asio::awaitable<Response> noop(Request&) { co_return Response(200); }

TEST(OpenApiTest, EveryRegisteredRouteIsDocumented) {
  Router router;
  router.add(Method::get, "/api/v1/users/{user_id}", noop,
             describe("get", "users", true, nullptr, {{200, "ok", schema::any_object()}}));
  router.add(Method::put, "/api/v1/users/{user_id}", noop,
             describe("put", "users", true, schema::any_object(), {{200, "ok", nullptr}}));
  router.add(Method::get, "/kpis/{kpi_id:int}", noop);
  router.add(Method::post, "/api/v1/projects/", noop, {}, SlashPolicy::both);
  auto doc = render_openapi(router, "t", "1");
  const auto& paths = doc.at("paths").as_object();
  for (const auto& route : router.routes()) {
    // Typed parameters lose their suffix in OpenAPI templates.
    std::string path = route->pattern;
    auto typed = path.find(":int}");
    if (typed != std::string::npos) path.erase(typed, 4);
    ASSERT_TRUE(paths.contains(path)) << path;
    std::string method(method_name(route->method));
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto& op = paths.at(path).as_object();
    ASSERT_TRUE(op.contains(method)) << method << " " << path;
    EXPECT_TRUE(op.at(method).as_object().contains("responses"));
  }
  const auto& get_user = paths.at("/api/v1/users/{user_id}").at("get").as_object();
  EXPECT_EQ(get_user.at("parameters").as_array()[0].at("in").as_string(), "path");
  EXPECT_TRUE(get_user.contains("security"));
  EXPECT_TRUE(paths.at("/api/v1/users/{user_id}").at("put").as_object().contains("requestBody"));
  EXPECT_EQ(
      paths.at("/kpis/{kpi_id}").at("get").at("parameters").as_array()[0].at("schema").at("type"),
      "integer");
}

}  // namespace
}  // namespace tandem::http
