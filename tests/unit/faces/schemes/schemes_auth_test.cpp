// Where a schemes request's credential comes from (issue decision 4): a Bearer header wins, an
// empty "Bearer " falls back to the session cookie, anything else in the header is refused; and
// which origins a cookie-authenticated request may come from.
#include <gtest/gtest.h>

#include "faces/schemes/schemes_auth.hpp"

namespace tandem::faces::schemes {
namespace {

http::Request with(std::optional<std::string> authorization, std::optional<std::string> cookie) {
  http::Request req;
  if (authorization) req.headers.push_back({"Authorization", *authorization});
  if (cookie) req.headers.push_back({"Cookie", *cookie});
  return req;
}

std::string outcome(std::optional<std::string> authorization,
                    std::optional<std::string> cookie = std::nullopt) {
  auto c = find_credential(with(std::move(authorization), std::move(cookie)));
  switch (c.source) {
    case Credential::none:
      return "none";
    case Credential::malformed:
      return "malformed";
    case Credential::bearer:
      return "bearer:" + c.token;
    case Credential::cookie:
      break;
  }
  return "cookie:" + c.token;
}

TEST(SchemesCredentialTest, DecisionTable) {
  EXPECT_EQ(outcome(std::nullopt), "none");
  EXPECT_EQ(outcome("Bearer abc"), "bearer:abc");
  EXPECT_EQ(outcome("bearer abc"), "bearer:abc");
  EXPECT_EQ(outcome("Bearer abc", "session=def"), "bearer:abc");
  EXPECT_EQ(outcome("Bearer ", "session=def"), "cookie:def");
  EXPECT_EQ(outcome("Bearer", "session=def"), "cookie:def");
  EXPECT_EQ(outcome("", "session=def"), "cookie:def");
  EXPECT_EQ(outcome("Bearer "), "none");
  EXPECT_EQ(outcome(std::nullopt, "other=1; session=def"), "cookie:def");
  EXPECT_EQ(outcome(std::nullopt, "session="), "none");
  EXPECT_EQ(outcome("Basic abc", "session=def"), "malformed");
  EXPECT_EQ(outcome("Bearer abc def", "session=def"), "malformed");
  EXPECT_EQ(outcome("Token abc"), "malformed");
}

TEST(SchemesCredentialTest, CookieOriginCheck) {
  http::CorsPolicy cors({"https://app.example/"});
  auto req = [](std::optional<std::string> origin) {
    http::Request r;
    r.headers.push_back({"Host", "api.example:8443"});
    if (origin) r.headers.push_back({"Origin", *origin});
    return r;
  };
  EXPECT_TRUE(origin_allowed_for_cookie(req(std::nullopt), cors));
  EXPECT_TRUE(origin_allowed_for_cookie(req("https://app.example"), cors));
  EXPECT_TRUE(origin_allowed_for_cookie(req("https://api.example:8443"), cors));
  EXPECT_FALSE(origin_allowed_for_cookie(req("https://evil.example"), cors));
  EXPECT_FALSE(origin_allowed_for_cookie(req("null"), cors));
  EXPECT_FALSE(origin_allowed_for_cookie(req("https://app.example.evil"), cors));
  // A wildcard allow-list lets pages read answers without cookies, never act with them.
  http::CorsPolicy any({"*"});
  EXPECT_FALSE(origin_allowed_for_cookie(req("https://evil.example"), any));
}

TEST(SchemesCredentialTest, Cookies) {
  EXPECT_EQ(session_cookie("tok", 604800, false),
            "session=tok; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(session_cookie("tok", 60, true),
            "session=tok; Max-Age=60; Path=/; HttpOnly; SameSite=None; Secure");
  EXPECT_NE(cleared_session_cookie(false).find("Max-Age=0"), std::string::npos);
}

}  // namespace
}  // namespace tandem::faces::schemes
