// PostgreSQL's LIKE and ILIKE as the SQLite functions reproduce them. Expected answers are
// PostgreSQL 15's (the contract test checks the same cases against a live server).

#include "store/db/like_match.hpp"

#include <gtest/gtest.h>

#include "store/db/unicode_lower.hpp"

namespace tandem::store::sqlite {
namespace {

TEST(LikeMatchTest, WildcardsAndWholeText) {
  EXPECT_TRUE(like_matches("abc", "abc"));
  EXPECT_FALSE(like_matches("abc", "ab"));
  EXPECT_FALSE(like_matches("ab", "abc"));
  EXPECT_TRUE(like_matches("abc", "a%"));
  EXPECT_TRUE(like_matches("abc", "%c"));
  EXPECT_TRUE(like_matches("abc", "%b%"));
  EXPECT_TRUE(like_matches("abc", "a_c"));
  EXPECT_FALSE(like_matches("ac", "a_c"));
  EXPECT_TRUE(like_matches("", "%"));
  EXPECT_TRUE(like_matches("", ""));
  EXPECT_FALSE(like_matches("", "_"));
  EXPECT_TRUE(like_matches("ab", "%%_"));
  EXPECT_TRUE(like_matches("abcabc", "%abc"));
  EXPECT_TRUE(like_matches("aXbXc", "a%b%c"));
  EXPECT_FALSE(like_matches("aXbXd", "a%b%c"));
  EXPECT_TRUE(like_matches("mississippi", "%iss%ppi"));
}

TEST(LikeMatchTest, CaseSensitiveAndCharacterWise) {
  EXPECT_FALSE(like_matches("ABC", "abc"));
  EXPECT_TRUE(like_matches("\xC3\xA4rger", "_rger"));  // ärger: ä is one character
  EXPECT_FALSE(like_matches("\xC3\xA4rger", "__rger"));
  EXPECT_TRUE(
      like_matches("Stra\xC3\x9F"
                   "e",
                   "Stra_e"));
  EXPECT_TRUE(like_matches("\xF0\x9F\x98\x80x", "_x"));  // a four-byte character
}

TEST(LikeMatchTest, BackslashEscapes) {
  EXPECT_TRUE(like_matches("a%", "a\\%"));
  EXPECT_FALSE(like_matches("ab", "a\\%"));
  EXPECT_TRUE(like_matches("a_", "a\\_"));
  EXPECT_FALSE(like_matches("ab", "a\\_"));
  EXPECT_TRUE(like_matches("ab", "a\\b"));
  EXPECT_TRUE(like_matches("a\\b", "a\\\\b"));
  EXPECT_TRUE(like_matches("50%", "%\\%"));
}

TEST(LikeMatchTest, TrailingEscapeFailsOnlyWhereTheMatchGetsTo) {
  EXPECT_FALSE(like_matches("abc", "x\\"));
  EXPECT_FALSE(like_matches("x", "x\\"));
  EXPECT_FALSE(like_matches("", "\\"));
  EXPECT_FALSE(like_matches("abc", "%c\\"));
  EXPECT_THROW(like_matches("xbc", "x\\"), LikeEscapeError);
  EXPECT_THROW(like_matches("abc", "%\\"), LikeEscapeError);
  EXPECT_THROW(like_matches("abc", "_\\"), LikeEscapeError);
}

TEST(LikeMatchTest, IlikeFoldsUnicodeCase) {
  EXPECT_TRUE(ilike_matches("CHAIR", "chair"));
  EXPECT_TRUE(ilike_matches("\xC3\x84rger", "\xC3\xA4RGER"));  // Ärger / äRGER
  EXPECT_TRUE(ilike_matches("\xD0\x94\xD0\xBE\xD0\xBC", "\xD0\xB4\xD0\xBE\xD0\x9C"));  // Дом
  EXPECT_TRUE(ilike_matches("\xC5\x81\xC3\xB3\xC5\xBA", "\xC5\x82\xC3\x93\xC5\xB9"));  // Łóź
  EXPECT_FALSE(
      ilike_matches("Stra\xC3\x9F"
                    "e",
                    "STRASSE"));
  EXPECT_TRUE(
      ilike_matches("Stra\xC3\x9F"
                    "e",
                    "STRA\xE1\xBA\x9E"
                    "E"));                                     // capital ẞ
  EXPECT_TRUE(ilike_matches("\xEF\xBC\xA1", "\xEF\xBD\x81"));  // fullwidth A / a
}

std::u32string lowered(std::string_view utf8) { return lower(decode_utf8(utf8)); }

TEST(UnicodeLowerTest, DecodesAndSubstitutesInvalidBytes) {
  EXPECT_EQ(decode_utf8("a\xC3\xA9"), (std::u32string{U'a', U'\u00E9'}));
  EXPECT_EQ(decode_utf8("\xF0\x9F\x98\x80"), (std::u32string{U'\U0001F600'}));
  EXPECT_EQ(decode_utf8("\xC3"), (std::u32string{0xDCC3}));              // truncated
  EXPECT_EQ(decode_utf8("\xC0\x80"), (std::u32string{0xDCC0, 0xDC80}));  // overlong
  EXPECT_EQ(decode_utf8("\xED\xA0\x80").size(), 3u);                     // a surrogate
}

TEST(UnicodeLowerTest, SimpleMappings) {
  EXPECT_EQ(simple_lower(U'A'), U'a');
  EXPECT_EQ(simple_lower(U'a'), U'a');
  EXPECT_EQ(simple_lower(U'\u00C9'), U'\u00E9');  // É
  EXPECT_EQ(simple_lower(U'\u00D7'), U'\u00D7');  // × has no case
  EXPECT_EQ(simple_lower(U'\u0178'), U'\u00FF');  // Ÿ
  EXPECT_EQ(simple_lower(U'\u0100'), U'\u0101');  // Ā
  EXPECT_EQ(simple_lower(U'\u0101'), U'\u0101');
  EXPECT_EQ(simple_lower(U'\u0139'), U'\u013A');          // Ĺ (odd upper in Latin Extended-A)
  EXPECT_EQ(simple_lower(U'\u0391'), U'\u03B1');          // Α
  EXPECT_EQ(simple_lower(U'\u0386'), U'\u03AC');          // Ά
  EXPECT_EQ(simple_lower(U'\u0401'), U'\u0451');          // Ё
  EXPECT_EQ(simple_lower(U'\u0416'), U'\u0436');          // Ж
  EXPECT_EQ(simple_lower(U'\u0460'), U'\u0461');          // Ѡ
  EXPECT_EQ(simple_lower(U'\u0531'), U'\u0561');          // Armenian Ա
  EXPECT_EQ(simple_lower(U'\u1E9E'), U'\u00DF');          // ẞ
  EXPECT_EQ(simple_lower(U'\u212A'), U'k');               // KELVIN SIGN
  EXPECT_EQ(simple_lower(U'\U00010400'), U'\U00010428');  // Deseret
}

TEST(UnicodeLowerTest, ContextualRulesAsIcuApplies) {
  EXPECT_EQ(lowered("\xC4\xB0"), (std::u32string{U'i', U'\u0307'}));  // İ
  // ΟΔΟΣ -> οδος (final sigma), ΣΑ -> σα, ΑΣ. -> ας., Α\Σ -> α\σ (a backslash is not a letter)
  EXPECT_EQ(lowered("\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3"), U"\u03BF\u03B4\u03BF\u03C2");
  EXPECT_EQ(lowered("\xCE\xA3\xCE\x91"), U"\u03C3\u03B1");
  EXPECT_EQ(lowered("\xCE\x91\xCE\xA3."), U"\u03B1\u03C2.");
  EXPECT_EQ(lowered("\xCE\x91\xCE\xA3%"), U"\u03B1\u03C2%");
  EXPECT_EQ(lowered("\xCE\x91\\\xCE\xA3"), U"\u03B1\\\u03C3");
  EXPECT_EQ(lowered("\xCE\xA3"), U"\u03C3") << "alone, not final";
}

}  // namespace
}  // namespace tandem::store::sqlite
