#include "platform/utf8.hpp"

#include <gtest/gtest.h>

#include "platform/http/url_codec.hpp"

namespace tandem::platform {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("\xC3\xA4 \xE2\x82\xAC \xF0\x9F\x98\x80"));  // ä € 😀
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));                        // U+10FFFF
}

TEST(Utf8Test, RejectsIllFormedText) {
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("\x80"));
}

// The same replacements as Python's bytes.decode("utf-8", "replace").
TEST(Utf8Test, ReplacesMaximalSubpartsLikePython) {
  EXPECT_EQ(to_valid_utf8("a\xC3z"), std::string("a") + std::string(kReplacement) + "z");
  // b"\xe2\x82z" -> one U+FFFD for the two-byte prefix of a three-byte sequence.
  EXPECT_EQ(to_valid_utf8("\xE2\x82z"), std::string(kReplacement) + "z");
  // b"\xc0\xaf" -> two (0xC0 can never start a sequence; 0xAF is a lone continuation).
  EXPECT_EQ(to_valid_utf8("\xC0\xAF"), std::string(kReplacement) + std::string(kReplacement));
  EXPECT_EQ(to_valid_utf8("\xED\xA0\x80"),
            std::string(kReplacement) + std::string(kReplacement) + std::string(kReplacement));
  EXPECT_EQ(to_valid_utf8("ok \xC3\xA4"), "ok \xC3\xA4");
}

TEST(Utf8Test, SequenceLength) {
  EXPECT_EQ(utf8_sequence_length("a"), 1u);
  EXPECT_EQ(utf8_sequence_length("\xC3\xA4rest"), 2u);
  EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x98\x80"), 4u);
  EXPECT_EQ(utf8_sequence_length("\xC3"), 0u);
  EXPECT_EQ(utf8_sequence_length(""), 0u);
}

TEST(Utf8Test, PercentDecodingAlwaysYieldsValidUtf8) {
  EXPECT_EQ(http::percent_decode("%C3%A4", false), "\xC3\xA4");
  EXPECT_EQ(http::percent_decode("%C3", false), kReplacement);
  EXPECT_EQ(http::percent_decode("a%FFb", true),
            std::string("a") + std::string(kReplacement) + "b");
  EXPECT_EQ(http::percent_decode("raw\xFF", false), std::string("raw") + std::string(kReplacement));
}

}  // namespace
}  // namespace tandem::platform
