#pragma once
// What a board task may hold (spec/teamflow.md §8.5): the values the client offers and the
// table's CHECK constraints allow, and the column sizes of the original schema.

#include <cstddef>
#include <optional>
#include <string_view>

namespace tandem::domain::board {

inline constexpr std::size_t kMaxTitleCharacters = 200;

enum class BoardRefusal {
  title_required,    // absent, null, empty or only whitespace
  title_too_long,    // more than kMaxTitleCharacters characters
  invalid_priority,  // not low | medium | high
  invalid_status,    // not todo | in_progress | done
  not_found
};

bool is_priority(std::string_view value);
bool is_status(std::string_view value);

// Characters (code points) of UTF-8 text, as PostgreSQL's varchar(200) counted them.
std::size_t character_count(std::string_view utf8);

// The refusal for a title, or nullopt when it is acceptable.
std::optional<BoardRefusal> check_title(std::string_view title);

}  // namespace tandem::domain::board
