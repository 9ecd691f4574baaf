#include "domain/board/board_rules.hpp"

namespace tandem::domain::board {

bool is_priority(std::string_view v) { return v == "low" || v == "medium" || v == "high"; }

bool is_status(std::string_view v) { return v == "todo" || v == "in_progress" || v == "done"; }

std::size_t character_count(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;  // skip continuation bytes
  return n;
}

std::optional<BoardRefusal> check_title(std::string_view title) {
  // The original stored blank titles; its client never sends one, and a blank card is
  // unreadable on the board, so Tandem refuses them with the original's "required" answer.
  if (title.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos)
    return BoardRefusal::title_required;
  if (character_count(title) > kMaxTitleCharacters) return BoardRefusal::title_too_long;
  return std::nullopt;
}

}  // namespace tandem::domain::board
