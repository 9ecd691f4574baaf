#include "domain/catalog/timestamp_text.hpp"

#include <array>
#include <string>

#include "platform/clock.hpp"

namespace tandem::domain::catalog {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

int number(std::string_view s, std::size_t at, std::size_t n) {
  int value = 0;
  for (std::size_t i = at; i < at + n; ++i) value = value * 10 + (s[i] - '0');
  return value;
}

// The calendar check the shared ISO parser leaves out (it takes any day up to 31), so that
// "2025-02-30" is refused as PostgreSQL refuses it instead of becoming the 2nd of March.
bool real_day(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
  return day >= 1 && day <= last;
}

// "Mon, 06 Oct 2025 20:14:13 GMT" (also "UTC", as Python's %Z reads it), rewritten as the
// ISO-8601 text it stands for so that one calendar computation serves both forms.
std::optional<std::int64_t> parse_rfc1123(std::string_view s) {
  static constexpr std::array<std::string_view, 7> kDays{"Mon", "Tue", "Wed", "Thu",
                                                         "Fri", "Sat", "Sun"};
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // Fixed layout: "Www, DD Mmm YYYY HH:MM:SS ZZZ" (29 characters).
  if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s[25] != ' ')
    return std::nullopt;
  bool day_name = false;
  for (auto d : kDays) day_name = day_name || s.substr(0, 3) == d;
  const auto zone = s.substr(26, 3);
  if (!day_name || (zone != "GMT" && zone != "UTC")) return std::nullopt;
  if (!digits(s, 5, 2) || !digits(s, 12, 4) || !digits(s, 17, 2) || !digits(s, 20, 2) ||
      !digits(s, 23, 2))
    return std::nullopt;
  int month = 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (s.substr(8, 3) == kMonths[i]) month = static_cast<int>(i) + 1;
  if (month == 0 || !real_day(number(s, 12, 4), month, number(s, 5, 2))) return std::nullopt;
  std::string iso;
  iso.reserve(20);
  iso.append(s.substr(12, 4)).push_back('-');
  if (month < 10) iso.push_back('0');
  iso.append(std::to_string(month)).push_back('-');
  iso.append(s.substr(5, 2)).push_back('T');
  iso.append(s.substr(17, 8)).push_back('Z');
  return platform::parse_iso8601_micros(iso);
}

}  // namespace

std::optional<std::int64_t> parse_timestamp_text(std::string_view text) {
  if (auto micros = platform::parse_iso8601_micros(text)) {
    // It parsed, so the text starts with "YYYY-MM-DD".
    if (!real_day(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2))) return std::nullopt;
    return micros;
  }
  return parse_rfc1123(text);
}

}  // namespace tandem::domain::catalog
