// jsonb's containment, existence and equality rules as the SQLite functions apply them; the
// expected answers are PostgreSQL 15's.

#include "store/db/jsonb_semantics.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace tandem::store::sqlite {
namespace {

boost::json::value j(std::string_view text) { return boost::json::parse(text); }
bool contains(std::string_view a, std::string_view b) { return jsonb_contains(j(a), j(b)); }
bool equal(std::string_view a, std::string_view b) { return jsonb_equal(j(a), j(b)); }
bool has_key(std::string_view a, std::string_view key) { return jsonb_has_key(j(a), key); }

TEST(JsonbSemanticsTest, ScalarsContainEqualScalars) {
  EXPECT_TRUE(contains("1", "1.0"));
  EXPECT_TRUE(contains("1e2", "100"));
  EXPECT_FALSE(contains("1", "\"1\""));
  EXPECT_TRUE(contains("\"x\"", "\"x\""));
  EXPECT_TRUE(contains("null", "null"));
  EXPECT_FALSE(contains("true", "1"));
  EXPECT_TRUE(contains("18446744073709551615", "18446744073709551615"));
  EXPECT_FALSE(contains("-1", "18446744073709551615"));
  EXPECT_FALSE(contains("1", "[1]")) << "a scalar contains no array";
}

TEST(JsonbSemanticsTest, ObjectsContainSubsetsRecursively) {
  EXPECT_TRUE(contains(R"({"a": 1, "b": {"c": 2, "d": 3}})", R"({"b": {"d": 3.0}})"));
  EXPECT_FALSE(contains(R"({"a": 1})", R"({"a": 1, "b": 2})"));
  EXPECT_TRUE(contains(R"({"a": 1})", "{}"));
  EXPECT_FALSE(contains(R"({"a": [1, 2]})", R"({"a": 1})")) << "no scalar exception below top";
  EXPECT_TRUE(contains(R"({"a": [1, 2]})", R"({"a": [2]})"));
  EXPECT_FALSE(contains(R"({"a": {"b": 1}})", R"({"a": [1]})"));
  EXPECT_TRUE(contains(R"({"a": 1, "a": 2})", R"({"a": 2})")) << "the last repeated key wins";
}

TEST(JsonbSemanticsTest, ArraysContainElementsInAnyOrder) {
  EXPECT_TRUE(contains("[1, 2, 3]", "[3, 1, 1]"));
  EXPECT_FALSE(contains("[1, 2, 3]", "[4]"));
  EXPECT_TRUE(contains("[1, 2]", "[]"));
  EXPECT_TRUE(contains(R"([{"a": 1, "b": 2}, 3])", R"([{"a": 1}])"));
  EXPECT_TRUE(contains("[[1, 2, 3]]", "[[3, 1]]"));
  EXPECT_FALSE(contains("[[1, 2]]", "[1]")) << "a scalar is looked for among scalars";
  EXPECT_FALSE(contains("[1]", "[[1]]"));
  EXPECT_TRUE(contains(R"(["a", "b"])", R"("a")")) << "top-level array holds the scalar";
  EXPECT_FALSE(contains(R"([{"a": 1}])", R"({"a": 1})"));
  EXPECT_FALSE(contains(R"({"a": 1})", "[]"));
}

TEST(JsonbSemanticsTest, EqualityIgnoresKeyOrderAndNumberSpelling) {
  EXPECT_TRUE(equal(R"({"a": 1, "b": [1, {"c": 2}]})", R"({"b": [1.0, {"c": 2e0}], "a": 1})"));
  EXPECT_FALSE(equal("[1, 2]", "[2, 1]"));
  EXPECT_FALSE(equal("[1]", "1"));
  EXPECT_FALSE(equal(R"({"a": 1})", R"({"a": 1, "b": null})"));
  EXPECT_TRUE(equal("null", "null"));
  EXPECT_FALSE(equal("0", "false"));
  EXPECT_TRUE(equal("\"\\u00e9\"", "\"\xC3\xA9\""));
}

TEST(JsonbSemanticsTest, KeysOfObjectsArraysAndStrings) {
  EXPECT_TRUE(has_key(R"({"a": null})", "a"));
  EXPECT_FALSE(has_key(R"({"a": {"b": 1}})", "b"));
  EXPECT_TRUE(has_key(R"(["a", 1])", "a"));
  EXPECT_FALSE(has_key("[1]", "1"));
  EXPECT_TRUE(has_key(R"("a")", "a"));
  EXPECT_FALSE(has_key("1", "1"));
  EXPECT_FALSE(has_key("null", "null"));
}

}  // namespace
}  // namespace tandem::store::sqlite
