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

std::string event_frame_text(std::string_view payload, std::int64_t id) {
  // The payload is the serialiser's own output (event_outbox.cpp): "{...}" with no space after
  // the closing brace, so the id goes in front of it without parsing the object again.
  const auto close = payload.rfind('}');
  if (close == std::string_view::npos) return std::string(payload);
  std::string frame(payload.substr(0, close));
  if (frame.find_first_not_of(" \t\r\n{") != std::string::npos) frame += ',';
  frame += "\"id\":\"";
  frame += event_id_text(id);
  frame += "\"}";
  return frame;
}

}  // namespace tandem::domain::work
