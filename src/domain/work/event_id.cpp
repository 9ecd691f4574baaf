#include "domain/work/event_id.hpp"

#include <charconv>

namespace tandem::domain::work {

std::string event_id_text(std::int64_t id) { return std::to_string(id); }

std::optional<std::int64_t> parse_event_id(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace tandem::domain::work
