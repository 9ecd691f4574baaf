#include "store/db/like_match.hpp"

#include <string>

#include "store/db/unicode_lower.hpp"

namespace tandem::store::sqlite {

namespace {

constexpr char32_t kEscape = U'\\';
constexpr char32_t kAnyRun = U'%';
constexpr char32_t kAnyOne = U'_';

// What one attempt found. `no_match_anywhere` means the text ran out while the pattern still
// needed characters: starting the rest of the pattern later in the text cannot succeed either,
// so the caller stops trying (this also keeps patterns with many `%` from going exponential).
enum class Outcome { match, no_match, no_match_anywhere };

class Matcher {
 public:
  Matcher(std::u32string_view text, std::u32string_view pattern) : text_(text), pattern_(pattern) {}

  bool run() { return match(0, 0) == Outcome::match; }

 private:
  // Matches text_[t..] against pattern_[p..].
  Outcome match(std::size_t t, std::size_t p) {
    if (pattern_.size() - p == 1 && pattern_[p] == kAnyRun) return Outcome::match;
    while (t < text_.size() && p < pattern_.size()) {
      const char32_t c = pattern_[p];
      if (c == kAnyRun) return match_run(t, p + 1);
      if (c == kAnyOne) {
        ++t, ++p;
        continue;
      }
      if (c == kEscape) {
        ++p;
        if (p == pattern_.size()) throw LikeEscapeError();
      }
      if (pattern_[p] != text_[t]) return Outcome::no_match;
      ++t, ++p;
    }
    if (t < text_.size()) return Outcome::no_match;  // the pattern ended first
    while (p < pattern_.size() && pattern_[p] == kAnyRun) ++p;
    return p == pattern_.size() ? Outcome::match : Outcome::no_match_anywhere;
  }

  // After a `%` at p - 1: the rest of the pattern from p, somewhere in text_[t..].
  Outcome match_run(std::size_t t, std::size_t p) {
    // Further `%` add nothing; each `_` among them takes one character whatever comes next.
    while (p < pattern_.size() && (pattern_[p] == kAnyRun || pattern_[p] == kAnyOne)) {
      if (pattern_[p] == kAnyOne) {
        if (t == text_.size()) return Outcome::no_match_anywhere;
        ++t;
      }
      ++p;
    }
    if (p == pattern_.size()) return Outcome::match;  // a trailing `%` takes the rest
    // The rest starts with a literal: try it only where the text has that character.
    char32_t first = pattern_[p];
    if (first == kEscape) {
      if (p + 1 == pattern_.size()) throw LikeEscapeError();
      first = pattern_[p + 1];
    }
    for (; t < text_.size(); ++t) {
      if (text_[t] != first) continue;
      const Outcome found = match(t, p);
      if (found != Outcome::no_match) return found;
    }
    return Outcome::no_match_anywhere;
  }

  std::u32string_view text_;
  std::u32string_view pattern_;
};

}  // namespace

bool like_matches(std::string_view text, std::string_view pattern) {
  const std::u32string t = decode_utf8(text);
  const std::u32string p = decode_utf8(pattern);
  return Matcher(t, p).run();
}

bool ilike_matches(std::string_view text, std::string_view pattern) {
  const std::u32string t = lower(decode_utf8(text));
  const std::u32string p = lower(decode_utf8(pattern));
  return Matcher(t, p).run();
}

}  // namespace tandem::store::sqlite
