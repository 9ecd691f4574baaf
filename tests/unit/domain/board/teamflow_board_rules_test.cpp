#include "domain/board/board_rules.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tandem::domain::board {
namespace {

TEST(BoardRulesTest, Enumerations) {
  for (const char* p : {"low", "medium", "high"}) EXPECT_TRUE(is_priority(p));
  for (const char* p : {"", "urgent", "High", "medium "}) EXPECT_FALSE(is_priority(p));
  for (const char* s : {"todo", "in_progress", "done"}) EXPECT_TRUE(is_status(s));
  for (const char* s : {"", "blocked", "Done", "in progress"}) EXPECT_FALSE(is_status(s));
}

TEST(BoardRulesTest, TitleLengthCountsCharacters) {
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "\xC3\xA9";  // é: two bytes, one character
  EXPECT_EQ(character_count(accents), 200u);
  EXPECT_EQ(check_title(accents), std::nullopt);
  EXPECT_EQ(check_title(accents + "x"), BoardRefusal::title_too_long);
  EXPECT_EQ(check_title(std::string(200, 'x')), std::nullopt);
  EXPECT_EQ(character_count("\xF0\x9F\x98\x80"), 1u);  // one emoji
}

TEST(BoardRulesTest, BlankTitlesAreRequired) {
  EXPECT_EQ(check_title(""), BoardRefusal::title_required);
  EXPECT_EQ(check_title(" \t\n"), BoardRefusal::title_required);
  EXPECT_EQ(check_title(" a "), std::nullopt);
}

}  // namespace
}  // namespace tandem::domain::board
