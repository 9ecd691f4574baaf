#include "domain/catalog/jsonb_refusal.hpp"

#include <cmath>

namespace tandem::domain::catalog {

namespace {

// Looked for in the parsed value, not its text, where an escaped backslash followed by "u0000"
// reads the same as the escape.
bool has_nul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

}  // namespace

std::string_view jsonb_refusal(const boost::json::value& value) {
  if (const auto* s = value.if_string()) return has_nul(*s) ? "22P05" : "";
  if (const auto* d = value.if_double()) return std::isfinite(*d) ? "" : "22P02";
  if (const auto* a = value.if_array()) {
    for (const auto& item : *a)
      if (auto refusal = jsonb_refusal(item); !refusal.empty()) return refusal;
  }
  if (const auto* o = value.if_object()) {
    for (const auto& entry : *o) {
      if (has_nul(entry.key())) return "22P05";
      if (auto refusal = jsonb_refusal(entry.value()); !refusal.empty()) return refusal;
    }
  }
  return "";
}

}  // namespace tandem::domain::catalog
