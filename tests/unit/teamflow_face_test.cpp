// The TeamFlow face's pure parts: the Authorization header table (spec/teamflow.md §5, §8.10),
// including what HTTP cannot carry to the server (a trailing space), error rendering and
// timestamps (§8.15, §8.16).
#include <gtest/gtest.h>

#include "faces/teamflow/teamflow_auth.hpp"
#include "faces/teamflow/teamflow_errors.hpp"
#include "faces/teamflow/teamflow_render.hpp"

namespace tandem::faces::teamflow {
namespace {

std::string outcome(std::optional<std::string> header) {
  http::Request req;
  if (header) req.headers.push_back({"Authorization", *header});
  auto result = bearer_token(req);
  if (auto* token = std::get_if<std::string_view>(&result)) return "token:" + std::string(*token);
  return std::get<http::Response>(result).body;
}

TEST(TeamflowBearerTest, DecisionTable) {
  EXPECT_EQ(outcome(std::nullopt), "{\"error\":\"Token is missing\"}\n");
  EXPECT_EQ(outcome(""), "{\"error\":\"Invalid token format\"}\n");
  EXPECT_EQ(outcome("Bearer"), "{\"error\":\"Invalid token format\"}\n");
  EXPECT_EQ(outcome("Bearer "), "{\"error\":\"Token is missing\"}\n");
  EXPECT_EQ(outcome("Bearer  abc"), "{\"error\":\"Token is missing\"}\n");
  EXPECT_EQ(outcome("Token "), "{\"error\":\"Token is missing\"}\n");
  EXPECT_EQ(outcome("Bearer abc"), "token:abc");
  EXPECT_EQ(outcome("bEARER abc"), "token:abc");
}

TEST(TeamflowBearerTest, OnlyBearerWithOneToken) {
  EXPECT_EQ(outcome("Token abc"), "{\"error\":\"Invalid token format\"}\n");
  EXPECT_EQ(outcome("Bearer abc extra"), "{\"error\":\"Invalid token format\"}\n");
  EXPECT_EQ(outcome("Bearer abc "), "{\"error\":\"Invalid token format\"}\n");
  EXPECT_EQ(outcome("Bearer\tabc"), "{\"error\":\"Invalid token format\"}\n");
}

TEST(TeamflowErrorsTest, PlatformErrorsInTheFaceShape) {
  auto body = [](int status) { return render_platform_error(status, "Whatever Text").body; };
  EXPECT_EQ(body(404), "{\"error\":\"Not found\"}\n");
  EXPECT_EQ(body(405), "{\"error\":\"Method not allowed\"}\n");
  EXPECT_EQ(body(500), "{\"error\":\"Internal server error\"}\n");
  EXPECT_EQ(body(503), "{\"error\":\"Whatever Text\"}\n");
  EXPECT_EQ(render_platform_error(500, "x").status, 500);
}

TEST(TeamflowRenderTest, NaiveTimestampsAlwaysHaveSixDigits) {
  EXPECT_EQ(naive_utc_timestamp(0), "1970-01-01T00:00:00.000000");
  EXPECT_EQ(naive_utc_timestamp(1'700'000'000'000'007), "2023-11-14T22:13:20.000007");
  EXPECT_EQ(naive_utc_timestamp(-1), "1969-12-31T23:59:59.999999");
}

}  // namespace
}  // namespace tandem::faces::teamflow
