#include "platform/http/cors.hpp"

#include <gtest/gtest.h>

namespace tandem::http {
namespace {

Request from(std::string origin, Method m = Method::get, bool preflight = false) {
  Request r;
  r.method = m;
  r.headers.push_back({"Origin", origin});
  if (preflight) {
    r.headers.push_back({"Access-Control-Request-Method", "PUT"});
    r.headers.push_back({"Access-Control-Request-Headers", "authorization,content-type"});
  }
  return r;
}

TEST(CorsTest, EchoesOnlyListedOriginsWithCredentials) {
  CorsPolicy cors({"http://localhost:3000/"});
  Response ok(401);
  cors.decorate(from("http://localhost:3000"), ok);
  EXPECT_EQ(ok.header("Access-Control-Allow-Origin").value(), "http://localhost:3000");
  EXPECT_EQ(ok.header("Access-Control-Allow-Credentials").value(), "true");
  EXPECT_EQ(ok.header("Vary").value(), "Origin");

  Response other(200);
  cors.decorate(from("http://evil.example"), other);
  EXPECT_FALSE(other.header("Access-Control-Allow-Origin"));
  EXPECT_EQ(other.header("Vary").value(), "Origin");
}

TEST(CorsTest, PreflightAllowedAndRefused) {
  CorsPolicy cors({"http://localhost:3000"});
  auto req = from("http://localhost:3000", Method::options, true);
  ASSERT_TRUE(cors.is_preflight(req));
  auto res = cors.preflight(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_NE(res.header("Access-Control-Allow-Methods")->find("PUT"), std::string::npos);
  EXPECT_EQ(res.header("Access-Control-Allow-Headers").value(), "authorization,content-type");
  EXPECT_EQ(res.header("Access-Control-Max-Age").value(), "600");

  auto refused = cors.preflight(from("http://evil.example", Method::options, true));
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body, "Disallowed CORS origin");
  EXPECT_FALSE(refused.header("Access-Control-Allow-Origin"));
}

TEST(CorsTest, WildcardNeverSendsCredentials) {
  CorsPolicy cors({"*"});
  Response res(200);
  cors.decorate(from("http://anywhere.example"), res);
  EXPECT_EQ(res.header("Access-Control-Allow-Origin").value(), "*");
  EXPECT_FALSE(res.header("Access-Control-Allow-Credentials"));
}

TEST(CorsTest, OptionsWithoutRequestMethodIsNotAPreflight) {
  CorsPolicy cors({"http://localhost:3000"});
  EXPECT_FALSE(cors.is_preflight(from("http://localhost:3000", Method::options, false)));
}

}  // namespace
}  // namespace tandem::http
