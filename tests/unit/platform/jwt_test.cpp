#include "platform/jwt.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <cstdint>
#include <fstream>
#include <limits>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <variant>

#include "platform/base64url.hpp"

namespace tandem::platform {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kSecret = "unit-test-secret";

boost::json::value load_json(const std::string& file) {
  const std::string path = std::string(TANDEM_TEST_DATA_DIR) + "/" + file;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return boost::json::parse(buffer.str());
}

// Signs arbitrary header and payload bytes, to build tokens JwtSigner never would.
std::string hs256_token(std::string_view header, std::string_view payload,
                        std::string_view key = kSecret) {
  std::string input = base64url_encode(header) + "." + base64url_encode(payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
  return input + "." +
         base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), length));
}

std::string outcome(const std::variant<boost::json::object, JwtError>& result) {
  if (const auto* error = std::get_if<JwtError>(&result))
    return std::string(jwt_error_name(*error));
  return "ok";
}

JwtVerifyOptions at(std::int64_t now, std::int64_t leeway = 0, bool require_exp = true) {
  JwtVerifyOptions options{now};
  options.leeway = leeway;
  options.require_exp = require_exp;
  return options;
}

// --- base64url -------------------------------------------------------------------------------

TEST(Base64Url, EncodesRfc4648ExamplesWithoutPadding) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
  EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64url_encode(std::string("\xfb\xff\xbf", 3)), "-_-_");
}

TEST(Base64Url, DecodesCanonicalInput) {
  EXPECT_EQ(base64url_decode(""), std::string());
  EXPECT_EQ(base64url_decode("Zg"), "f");
  EXPECT_EQ(base64url_decode("Zm8"), "fo");
  EXPECT_EQ(base64url_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64url_decode("-_-_"), std::string("\xfb\xff\xbf", 3));
}

TEST(Base64Url, RejectsEverythingNonCanonical) {
  EXPECT_EQ(base64url_decode("Zg=="), std::nullopt);    // padding
  EXPECT_EQ(base64url_decode("Zm8="), std::nullopt);    // padding
  EXPECT_EQ(base64url_decode("Z"), std::nullopt);       // 4n+1 length
  EXPECT_EQ(base64url_decode("Zm9vY"), std::nullopt);   // 4n+1 length
  EXPECT_EQ(base64url_decode("Zh"), std::nullopt);      // spare bits set
  EXPECT_EQ(base64url_decode("Zm9"), std::nullopt);     // spare bits set
  EXPECT_EQ(base64url_decode("Zm9v+w"), std::nullopt);  // standard alphabet
  EXPECT_EQ(base64url_decode("Zm9v/w"), std::nullopt);  // standard alphabet
  EXPECT_EQ(base64url_decode("Zm 9v"), std::nullopt);
  EXPECT_EQ(base64url_decode("Zm9v\n"), std::nullopt);
  EXPECT_EQ(base64url_decode(std::string_view("Zm\0v", 4)), std::nullopt);
  EXPECT_EQ(base64url_decode("Zm9v\xc3\xa9"), std::nullopt);
}

TEST(Base64Url, RoundTripsEveryLengthAndByte) {
  std::mt19937 rng(7);
  for (std::size_t length = 0; length < 200; ++length) {
    std::string bytes(length, '\0');
    for (auto& b : bytes) b = static_cast<char>(rng() & 0xff);
    const std::string encoded = base64url_encode(bytes);
    EXPECT_EQ(encoded.find('='), std::string::npos);
    EXPECT_EQ(base64url_decode(encoded), bytes) << "length " << length;
  }
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_EQ(base64url_decode(base64url_encode(all)), all);
}

// --- vectors minted by PyJWT -----------------------------------------------------------------

TEST(JwtVectors, MatchRecordedOutcomes) {
  const boost::json::value file = load_json("jwt_vectors.json");
  const auto& vectors = file.at("vectors").as_array();
  ASSERT_GE(vectors.size(), 50u);

  std::set<std::string> seen;
  int reproduced = 0;
  for (const auto& entry : vectors) {
    const auto& v = entry.as_object();
    const std::string name(v.at("name").as_string());
    SCOPED_TRACE(name);
    const std::string token(v.at("token").as_string());
    const std::string expected(v.at("expected").as_string());
    const JwtSigner signer(std::string(v.at("secret").as_string()));
    const auto options =
        at(v.at("now").to_number<std::int64_t>(), v.at("leeway").to_number<std::int64_t>(),
           v.at("require_exp").as_bool());

    const auto result = signer.verify(token, options);
    EXPECT_EQ(outcome(result), expected);
    seen.insert(expected);
    if (expected == "ok" && std::holds_alternative<boost::json::object>(result)) {
      EXPECT_EQ(boost::json::value(std::get<boost::json::object>(result)), v.at("claims"));
    }
    if (const auto* flag = v.if_contains("sign_reproduces_token"); flag && flag->as_bool()) {
      EXPECT_EQ(signer.sign(v.at("claims").as_object()), token);
      ++reproduced;
    }
  }
  // The file must keep exercising every outcome, and sign() against PyJWT's bytes.
  for (const char* name : {"ok", "malformed", "bad_algorithm", "bad_signature", "expired",
                           "not_yet_valid", "missing_exp"}) {
    EXPECT_TRUE(seen.count(name)) << "no vector expects " << name;
  }
  EXPECT_GE(reproduced, 10);
}

// --- signing ---------------------------------------------------------------------------------

TEST(JwtSigner, RejectsEmptySecret) { EXPECT_THROW(JwtSigner(""), std::invalid_argument); }

TEST(JwtSigner, HeaderIsFixedAndClaimsKeepInsertionOrder) {
  const JwtSigner signer(kSecret);
  boost::json::object claims;
  claims["sub"] = "42";
  claims["type"] = "access";
  claims["exp"] = kNow + 60;
  claims["iat"] = kNow;
  const std::string token = signer.sign(claims);
  const auto dot1 = token.find('.');
  const auto dot2 = token.find('.', dot1 + 1);
  EXPECT_EQ(base64url_decode(token.substr(0, dot1)), R"({"alg":"HS256","typ":"JWT"})");
  EXPECT_EQ(base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1)),
            R"({"sub":"42","type":"access","exp":1700000060,"iat":1700000000})");
  EXPECT_EQ(token.size() - dot2 - 1, 43u);  // 32-byte MAC, unpadded
  EXPECT_EQ(token,
            hs256_token(R"({"alg":"HS256","typ":"JWT"})",
                        R"({"sub":"42","type":"access","exp":1700000060,"iat":1700000000})"));
}

TEST(JwtSigner, RoundTripsUnicodeNestedAndFloatClaims) {
  const JwtSigner signer(kSecret);
  boost::json::object claims;
  claims["sub"] = "7";
  claims["name"] = "Zoë 日本 🚀 \"quoted\" \\ \n";
  claims["roles"] = boost::json::array{"admin", "member"};
  claims["meta"] = boost::json::object{{"a", nullptr}, {"b", true}, {"ratio", 0.25}};
  claims["exp"] = kNow + 60;
  const auto result = signer.verify(signer.sign(claims), at(kNow));
  ASSERT_EQ(outcome(result), "ok");
  EXPECT_EQ(std::get<boost::json::object>(result), claims);
}

TEST(JwtSigner, EmptyClaimsNeedRequireExpOff) {
  const JwtSigner signer(kSecret);
  const std::string token = signer.sign({});
  EXPECT_EQ(outcome(signer.verify(token, at(kNow))), "missing_exp");
  EXPECT_EQ(outcome(signer.verify(token, at(kNow, 0, false))), "ok");
}

// --- every rejection, hand-made --------------------------------------------------------------

TEST(JwtVerify, Malformed) {
  const JwtSigner signer(kSecret);
  const std::string good = signer.sign({{"sub", "1"}, {"exp", kNow + 60}});
  for (const std::string& token :
       {std::string(), std::string("."), std::string(".."), std::string("..."), std::string("abc"),
        good.substr(0, good.rfind('.')), good + ".", good + ".e30", good + "=", " " + good,
        good + " ", good + "\n"}) {
    EXPECT_EQ(outcome(signer.verify(token, at(kNow))), "malformed") << token;
  }
  const std::string header = R"({"alg":"HS256","typ":"JWT"})";
  EXPECT_EQ(outcome(signer.verify(hs256_token("[]", "{}"), at(kNow))), "malformed");
  EXPECT_EQ(outcome(signer.verify(hs256_token("", "{}"), at(kNow))), "malformed");
  EXPECT_EQ(outcome(signer.verify(hs256_token("{\"alg\":\"HS256\"", "{}"), at(kNow))), "malformed");
  EXPECT_EQ(outcome(signer.verify(hs256_token(header, "[1]"), at(kNow))), "malformed");
  EXPECT_EQ(outcome(signer.verify(hs256_token(header, "\"str\""), at(kNow))), "malformed");
  EXPECT_EQ(outcome(signer.verify(hs256_token(header, ""), at(kNow))), "malformed");
  EXPECT_EQ(outcome(signer.verify(hs256_token(header, "{\"exp\":1,}"), at(kNow))), "malformed");
  EXPECT_EQ(outcome(signer.verify(hs256_token(header, "{\"sub\":\"\xff\"}"), at(kNow, 0, false))),
            "malformed");
  for (const char* payload :
       {R"({"exp":"1800000000"})", R"({"exp":true})", R"({"exp":[1]})", R"({"exp":{}})",
        R"({"exp":1800000000,"iat":"x"})", R"({"exp":1800000000,"iat":null})",
        R"({"exp":1800000000,"nbf":"x"})", R"({"exp":1800000000,"nbf":false})"}) {
    EXPECT_EQ(outcome(signer.verify(hs256_token(header, payload), at(kNow))), "malformed")
        << payload;
  }
  EXPECT_EQ(outcome(signer.verify(hs256_token(header, R"({"exp":null})"), at(kNow, 0, false))),
            "malformed");
}

TEST(JwtVerify, BadAlgorithm) {
  const JwtSigner signer(kSecret);
  const std::string payload = R"({"sub":"1","exp":1700000060})";
  for (const char* header : {R"({"alg":"none","typ":"JWT"})", R"({"alg":"HS512","typ":"JWT"})",
                             R"({"alg":"hs256","typ":"JWT"})", R"({"alg":"HS256 ","typ":"JWT"})",
                             R"({"alg":"RS256","typ":"JWT"})", R"({"typ":"JWT"})",
                             R"({"alg":null})", R"({"alg":256})", R"({"alg":["HS256"]})", "{}"}) {
    // Correctly MACed with the right key: only the declared algorithm is wrong.
    EXPECT_EQ(outcome(signer.verify(hs256_token(header, payload), at(kNow))), "bad_algorithm")
        << header;
  }
  const std::string none_token =
      base64url_encode(R"({"alg":"none"})") + "." + base64url_encode(payload) + ".";
  EXPECT_EQ(outcome(signer.verify(none_token, at(kNow))), "bad_algorithm");
}

TEST(JwtVerify, BadSignature) {
  const JwtSigner signer(kSecret);
  const JwtSigner other("another-secret");
  boost::json::object claims{{"sub", "1"}, {"exp", kNow + 60}};
  const std::string token = signer.sign(claims);
  EXPECT_EQ(outcome(other.verify(token, at(kNow))), "bad_signature");
  EXPECT_EQ(outcome(signer.verify(other.sign(claims), at(kNow))), "bad_signature");

  const std::string prefix = token.substr(0, token.rfind('.') + 1);
  const std::string signature = token.substr(token.rfind('.') + 1);
  EXPECT_EQ(outcome(signer.verify(prefix, at(kNow))), "bad_signature");
  EXPECT_EQ(outcome(signer.verify(prefix + signature.substr(0, 40), at(kNow))), "bad_signature");
  EXPECT_EQ(outcome(signer.verify(prefix + signature + "AAAA", at(kNow))), "bad_signature");

  claims["sub"] = "2";
  const std::string forged = signer.sign(claims);
  const std::string spliced = forged.substr(0, forged.rfind('.') + 1) + signature;
  EXPECT_EQ(outcome(signer.verify(spliced, at(kNow))), "bad_signature");
  // A secret that is a prefix of the real one must not verify either.
  EXPECT_EQ(outcome(JwtSigner(kSecret.substr(0, 5)).verify(token, at(kNow))), "bad_signature");
}

TEST(JwtVerify, ExpiryFollowsPyJwtBoundaries) {
  const JwtSigner signer(kSecret);
  const auto check = [&](boost::json::value exp, std::int64_t leeway) {
    return outcome(signer.verify(signer.sign({{"exp", exp}}), at(kNow, leeway)));
  };
  EXPECT_EQ(check(kNow + 1, 0), "ok");
  EXPECT_EQ(check(kNow, 0), "expired");
  EXPECT_EQ(check(kNow - 1, 0), "expired");
  EXPECT_EQ(check(kNow - 9, 10), "ok");
  EXPECT_EQ(check(kNow - 10, 10), "expired");
  EXPECT_EQ(check(kNow + 0.99, 0), "expired");  // truncated to kNow
  EXPECT_EQ(check(kNow + 1.01, 0), "ok");
  EXPECT_EQ(check(-0.5, 0), "expired");
  EXPECT_EQ(check(std::numeric_limits<std::int64_t>::max(), 0), "ok");
  EXPECT_EQ(check(std::numeric_limits<std::uint64_t>::max(), 0), "ok");
  EXPECT_EQ(check(1e300, 0), "ok");
  EXPECT_EQ(check(-1e300, 0), "expired");
  EXPECT_EQ(check(std::numeric_limits<std::int64_t>::min(), 0), "expired");
}

TEST(JwtVerify, NotBeforeFollowsPyJwtBoundaries) {
  const JwtSigner signer(kSecret);
  const auto check = [&](boost::json::value nbf, std::int64_t leeway) {
    return outcome(
        signer.verify(signer.sign({{"nbf", nbf}, {"exp", kNow + 100}}), at(kNow, leeway)));
  };
  EXPECT_EQ(check(kNow, 0), "ok");
  EXPECT_EQ(check(kNow + 1, 0), "not_yet_valid");
  EXPECT_EQ(check(kNow + 5, 5), "ok");
  EXPECT_EQ(check(kNow + 6, 5), "not_yet_valid");
  EXPECT_EQ(check(kNow + 0.99, 0), "ok");
  EXPECT_EQ(check(1e300, 0), "not_yet_valid");
  // nbf is checked before exp, as PyJWT does.
  EXPECT_EQ(outcome(signer.verify(signer.sign({{"nbf", kNow + 10}, {"exp", kNow - 10}}), at(kNow))),
            "not_yet_valid");
}

TEST(JwtVerify, MissingExp) {
  const JwtSigner signer(kSecret);
  EXPECT_EQ(outcome(signer.verify(signer.sign({{"sub", "1"}}), at(kNow))), "missing_exp");
  EXPECT_EQ(outcome(signer.verify(signer.sign({{"exp", nullptr}}), at(kNow))), "missing_exp");
  // The legacy TeamFlow shape is accepted only when the caller opts out.
  const std::string legacy = signer.sign({{"user_id", 1}, {"username", "admin"}});
  EXPECT_EQ(outcome(signer.verify(legacy, at(kNow, 0, false))), "ok");
  // Opting out does not skip an exp that is present.
  EXPECT_EQ(outcome(signer.verify(signer.sign({{"exp", kNow - 1}}), at(kNow, 0, false))),
            "expired");
}

TEST(JwtVerify, IatIsOnlyTypeChecked) {
  const JwtSigner signer(kSecret);
  EXPECT_EQ(
      outcome(signer.verify(signer.sign({{"iat", kNow + 3600}, {"exp", kNow + 7200}}), at(kNow))),
      "ok");
  EXPECT_EQ(outcome(signer.verify(signer.sign({{"iat", "now"}, {"exp", kNow + 60}}), at(kNow))),
            "malformed");
}

TEST(JwtVerify, ExtremeClockAndLeewayDoNotOverflow) {
  const JwtSigner signer(kSecret);
  const std::string token = signer.sign({{"nbf", 0}, {"exp", 100}});
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(outcome(signer.verify(token, at(kMax, kMax))), "ok");
  EXPECT_EQ(outcome(signer.verify(token, at(kMax, 0))), "expired");
  EXPECT_EQ(outcome(signer.verify(token, at(kMin, 0))), "not_yet_valid");
  EXPECT_EQ(outcome(signer.verify(token, at(kMin, kMin))), "not_yet_valid");
  EXPECT_EQ(outcome(signer.verify(token, at(kMax, kMin))), "not_yet_valid");
  EXPECT_EQ(outcome(signer.verify(token, at(50, kMax))), "ok");
}

// Any single-byte change or truncation of a valid token is rejected and never crashes.
TEST(JwtVerify, EveryMutationIsRejected) {
  const JwtSigner signer(kSecret);
  const std::string token = signer.sign({{"sub", "1"}, {"exp", kNow + 60}});
  ASSERT_EQ(outcome(signer.verify(token, at(kNow))), "ok");
  const std::string replacements = std::string("AZaz09-_.= +/\n") + '\0' + '\xff';
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (const char c : replacements) {
      if (c == token[i]) continue;
      std::string mutated = token;
      mutated[i] = c;
      EXPECT_NE(outcome(signer.verify(mutated, at(kNow))), "ok")
          << "position " << i << " char " << int(c);
    }
    EXPECT_NE(outcome(signer.verify(token.substr(0, i), at(kNow))), "ok") << "prefix " << i;
    std::string erased = token;
    erased.erase(i, 1);
    EXPECT_NE(outcome(signer.verify(erased, at(kNow))), "ok") << "erased " << i;
  }
}

TEST(JwtVerify, DeepNestingIsMalformedNotACrash) {
  const JwtSigner signer(kSecret);
  const std::string header = R"({"alg":"HS256","typ":"JWT"})";
  const std::string deep =
      R"({"exp":1800000000,"d":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(outcome(signer.verify(hs256_token(header, deep), at(kNow))), "malformed");
}

TEST(JwtErrorName, CoversEveryValue) {
  EXPECT_EQ(jwt_error_name(JwtError::malformed), "malformed");
  EXPECT_EQ(jwt_error_name(JwtError::bad_algorithm), "bad_algorithm");
  EXPECT_EQ(jwt_error_name(JwtError::bad_signature), "bad_signature");
  EXPECT_EQ(jwt_error_name(JwtError::expired), "expired");
  EXPECT_EQ(jwt_error_name(JwtError::not_yet_valid), "not_yet_valid");
  EXPECT_EQ(jwt_error_name(JwtError::missing_exp), "missing_exp");
}

}  // namespace
}  // namespace tandem::platform
