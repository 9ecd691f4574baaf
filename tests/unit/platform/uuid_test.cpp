#include "platform/uuid.hpp"

#include <gtest/gtest.h>

#include <set>

namespace tandem::platform {
namespace {

TEST(UuidTest, NewUuidsAreVersion4AndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto u = new_uuid_v4();
    ASSERT_EQ(u.size(), 36u);
    EXPECT_EQ(u[14], '4');
    EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos);
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(UuidTest, AcceptsThePythonForms) {
  const std::string canonical = "3f2c8a1e-0000-4000-8000-00000000000a";
  EXPECT_EQ(parse_uuid("3F2C8A1E-0000-4000-8000-00000000000A").value(), canonical);
  EXPECT_EQ(parse_uuid("3f2c8a1e000040008000 00000000000a").has_value(), false);
  EXPECT_EQ(parse_uuid("3f2c8a1e00004000800000000000000a").value(), canonical);
  EXPECT_EQ(parse_uuid("urn:uuid:3f2c8a1e-0000-4000-8000-00000000000a").value(), canonical);
  EXPECT_EQ(parse_uuid("{3f2c8a1e-0000-4000-8000-00000000000a}").value(), canonical);
}

TEST(UuidTest, ExplainsRejections) {
  UuidParseError error;
  EXPECT_FALSE(parse_uuid("not-a-uuid", &error));
  EXPECT_NE(error.reason.find("invalid character"), std::string::npos);
  EXPECT_FALSE(parse_uuid("abc", &error));
  EXPECT_NE(error.reason.find("invalid"), std::string::npos);
  EXPECT_FALSE(parse_uuid("", &error));
}

// Positions are 1-based offsets into the text as given (the old code printed a pointer
// difference into a copy, e.g. "at -761").
TEST(UuidTest, NamesTheOffendingCharacterAndItsPosition) {
  UuidParseError error;
  EXPECT_FALSE(parse_uuid("not-a-uuid", &error));
  EXPECT_EQ(error.reason,
            "invalid character: expected an optional prefix of `urn:uuid:` followed by "
            "[0-9a-fA-F-], found `n` at 1");
  EXPECT_FALSE(parse_uuid("3f2c8a1e-00x0", &error));
  EXPECT_NE(error.reason.find("found `x` at 12"), std::string::npos) << error.reason;
  EXPECT_FALSE(parse_uuid("{3f2c8a1e-g}", &error));
  EXPECT_NE(error.reason.find("found `g` at 11"), std::string::npos) << error.reason;
  EXPECT_FALSE(parse_uuid("urn:uuid:zz", &error));
  EXPECT_NE(error.reason.find("found `z` at 10"), std::string::npos) << error.reason;
}

TEST(UuidTest, ANonAsciiCharacterIsQuotedWhole) {
  UuidParseError error;
  EXPECT_FALSE(parse_uuid("\xC3\xA4", &error));
  EXPECT_NE(error.reason.find("found `\xC3\xA4` at 1"), std::string::npos) << error.reason;
  EXPECT_FALSE(parse_uuid("ab\xC3", &error));  // a stray byte never reaches the message raw
  EXPECT_NE(error.reason.find("found `\xEF\xBF\xBD` at 3"), std::string::npos) << error.reason;
}

TEST(UuidTest, RequestIdsAreHexAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    auto id = request_id_hex();
    ASSERT_EQ(id.size(), 32u);
    ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(UuidTest, RandomHexHasRequestedLength) {
  EXPECT_EQ(random_hex(16).size(), 32u);
  EXPECT_NE(random_hex(16), random_hex(16));
}

}  // namespace
}  // namespace tandem::platform
