// The TeamFlow face's pure parts: the Authorization header table (spec/teamflow.md §5, §8.10),
// including what HTTP cannot carry to the server (a trailing space), error rendering and
// timestamps (§8.15, §8.16).
#include <gtest/gtest.h>

#include "faces/teamflow/teamflow_auth.hpp"
#include "faces/teamflow/teamflow_errors.hpp"
#include "faces/teamflow/teamflow_render.hpp"
#include "platform/clock.hpp"
#include "platform/flask_json.hpp"

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

// The list endpoint writes rows straight into a string; it must be byte for byte what the tree
// path (render_task + flask_json) wrote.
TEST(TeamflowRenderTest, DirectListWriterMatchesTreePath) {
  std::vector<store::BoardTaskRecord> tasks;
  store::BoardTaskRecord plain;
  plain.id = 7;
  plain.title = "Write the report";
  plain.description = "Quarterly numbers";
  plain.priority = "high";
  plain.status = "todo";
  plain.created_by = 3;
  plain.created_at = 1'700'000'000'000'000;  // zero microseconds
  plain.updated_at = 1'700'000'123'456'789;
  tasks.push_back(plain);
  store::BoardTaskRecord no_description = plain;
  no_description.id = 8;
  no_description.description.reset();
  no_description.created_at = -1;
  no_description.updated_at = 951'782'400'000'001;  // 2000-02-29
  tasks.push_back(no_description);
  store::BoardTaskRecord escapes = plain;
  escapes.id = 9'000'000'000;
  escapes.title = "Caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x9a\x80 \"quoted\" back\\slash";
  escapes.description = std::string("tab\tnew\nline\r\b\f ctl\x01\x1f nul") + '\0' + "</>";
  escapes.priority = "";
  escapes.status = "in_progress";
  escapes.created_by = -5;
  escapes.created_at = 4'102'444'799'999'999;  // 2099-12-31T23:59:59.999999
  escapes.updated_at = 0;
  tasks.push_back(escapes);
  store::BoardTaskRecord empty_description = plain;
  empty_description.description = "";
  empty_description.created_at = 253'402'300'800'000'000;  // year 10000: snprintf's width
  tasks.push_back(empty_description);

  boost::json::array tree;
  for (const auto& t : tasks) {
    tree.emplace_back(render_task(t));
    std::string one;
    append_task_json(one, t);
    EXPECT_EQ(one + "\n", http::flask_json(render_task(t)));
  }
  EXPECT_EQ(render_task_list(tasks), http::flask_json(tree));
  EXPECT_EQ(render_task_list({}), "[]\n");
}

TEST(TeamflowRenderTest, FastTimestampMatchesGmtime) {
  for (std::int64_t micros = -400LL * 86400 * 1'000'000; micros < 40'000LL * 86400 * 1'000'000;
       micros += 7'777'777'777) {
    std::string fast;
    platform::append_naive_iso8601_micros(fast, micros);
    ASSERT_EQ(fast, naive_utc_timestamp(micros)) << micros;
  }
}

}  // namespace
}  // namespace tandem::faces::teamflow
