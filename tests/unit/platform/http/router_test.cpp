#include "platform/http/router.hpp"

#include <gtest/gtest.h>

namespace tandem::http {
namespace {

boost::asio::awaitable<Response> noop(Request&) { co_return Response(200); }

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add(Method::get, "/api/v1/users/me", noop);
    router.add(Method::get, "/api/v1/users/{user_id}", noop);
    router.add(Method::put, "/api/v1/users/{user_id}", noop);
    router.add(Method::get, "/api/v1/projects/", noop, {}, SlashPolicy::both);
    router.add(Method::get, "/kpis/{kpi_id:int}", noop);
    router.add(Method::get, "/items/{item_id:uuid}/notes", noop);
    router.add(Method::get, "/", noop);
  }
  Router router;
};

TEST_F(RouterTest, LiteralSegmentWinsOverParameter) {
  auto m = router.find(Method::get, "/api/v1/users/me");
  ASSERT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(m.route->pattern, "/api/v1/users/me");
  EXPECT_TRUE(m.params.empty());
}

TEST_F(RouterTest, CapturesUntypedParameter) {
  auto m = router.find(Method::get, "/api/v1/users/not-a-uuid");
  ASSERT_EQ(m.outcome, Router::Outcome::found);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].name, "user_id");
  EXPECT_EQ(m.params[0].value, "not-a-uuid");
}

TEST_F(RouterTest, IntParameterMatchesOnlyNonNegativeDecimal) {
  EXPECT_EQ(router.find(Method::get, "/kpis/42").outcome, Router::Outcome::found);
  EXPECT_EQ(router.find(Method::get, "/kpis/0").outcome, Router::Outcome::found);
  EXPECT_EQ(router.find(Method::get, "/kpis/-1").outcome, Router::Outcome::not_found);
  EXPECT_EQ(router.find(Method::get, "/kpis/1.5").outcome, Router::Outcome::not_found);
  EXPECT_EQ(router.find(Method::get, "/kpis/abc").outcome, Router::Outcome::not_found);
  EXPECT_EQ(router.find(Method::get, "/kpis/").outcome, Router::Outcome::not_found);
}

TEST_F(RouterTest, UuidParameterMatchesOnlyHyphenatedUuid) {
  EXPECT_EQ(router.find(Method::get, "/items/3F2C8A1E-0000-4000-8000-000000000001/notes").outcome,
            Router::Outcome::found);
  EXPECT_EQ(router.find(Method::get, "/items/3f2c8a1e000040008000000000000001/notes").outcome,
            Router::Outcome::not_found);
  EXPECT_EQ(router.find(Method::get, "/items/zzzzzzzz-0000-4000-8000-000000000001/notes").outcome,
            Router::Outcome::not_found);
}

TEST_F(RouterTest, WrongMethodGivesAllowedList) {
  auto m = router.find(Method::delete_, "/api/v1/users/abc");
  ASSERT_EQ(m.outcome, Router::Outcome::method_not_allowed);
  ASSERT_EQ(m.allowed.size(), 2u);
  EXPECT_EQ(m.allowed[0], Method::get);
  EXPECT_EQ(m.allowed[1], Method::put);
}

TEST_F(RouterTest, HeadFallsBackToGet) {
  auto m = router.find(Method::head, "/api/v1/users/me");
  ASSERT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(m.route->method, Method::get);
}

TEST_F(RouterTest, BothSlashFormsServedWhenAsked) {
  EXPECT_EQ(router.find(Method::get, "/api/v1/projects/").outcome, Router::Outcome::found);
  EXPECT_EQ(router.find(Method::get, "/api/v1/projects").outcome, Router::Outcome::found);
  // Exact routes do not grow the other form.
  EXPECT_EQ(router.find(Method::get, "/api/v1/users/me/").outcome, Router::Outcome::not_found);
}

TEST_F(RouterTest, RootAndUnknownPaths) {
  EXPECT_EQ(router.find(Method::get, "/").outcome, Router::Outcome::found);
  EXPECT_EQ(router.find(Method::get, "/nope").outcome, Router::Outcome::not_found);
  EXPECT_EQ(router.find(Method::get, "").outcome, Router::Outcome::not_found);
}

TEST_F(RouterTest, DuplicateRouteIsRejected) {
  EXPECT_THROW(router.add(Method::get, "/api/v1/users/me", noop), std::invalid_argument);
}

TEST_F(RouterTest, RegisteredRoutesAreListedOnce) {
  // The both-slashes route is one entry (one OpenAPI operation).
  EXPECT_EQ(router.routes().size(), 7u);
}

}  // namespace
}  // namespace tandem::http
