#include "faces/v1/date_input.hpp"

#include <optional>

namespace tandem::faces::v1 {

namespace {

struct Date {
  int year = 0, month = 0, day = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads `count` digits at `pos`; nullopt when one is not a digit.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (i >= s.size() || !is_digit(s[i])) return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// speedate's Date::parse_bytes_partial: the first 10 characters, in its order of checks.
std::variant<Date, std::string> parse_date_part(std::string_view s) {
  if (s.size() < 10) return std::string("input is too short");
  Date d;
  auto year = digits(s, 0, 4);
  if (!year) return std::string("invalid character in year");
  // Python's date has no year 0 (and PostgreSQL would refuse it).
  if (*year == 0) return std::string("year value is outside expected range");
  if (s[4] != '-') return std::string("invalid date separator, expected `-`");
  auto month = digits(s, 5, 2);
  if (!month) return std::string("invalid character in month");
  if (s[7] != '-') return std::string("invalid date separator, expected `-`");
  auto day = digits(s, 8, 2);
  if (!day) return std::string("invalid character in day");
  if (*month < 1 || *month > 12)
    return std::string("month value is outside expected range of 1-12");
  if (*day < 1 || *day > days_in_month(*year, *month))
    return std::string("day value is outside expected range");
  d.year = *year;
  d.month = *month;
  d.day = *day;
  return d;
}

// speedate's Time::parse_bytes_partial plus the offset: whether the time is exactly midnight,
// or why it cannot be read.
std::variant<bool, std::string> parse_time_part(std::string_view s, std::size_t pos) {
  if (s.size() < pos + 5) return std::string("input is too short");
  auto hour = digits(s, pos, 2);
  if (!hour) return std::string("invalid character in hour");
  if (*hour > 23) return std::string("hour value is outside expected range of 0-23");
  if (s[pos + 2] != ':') return std::string("invalid time separator, expected `:`");
  auto minute = digits(s, pos + 3, 2);
  if (!minute) return std::string("invalid character in minute");
  if (*minute > 59) return std::string("minute value is outside expected range of 0-59");
  pos += 5;
  int second = 0;
  bool fraction_nonzero = false;
  if (pos < s.size() && s[pos] == ':') {
    auto sec = digits(s, pos + 1, 2);
    if (!sec) return std::string("invalid character in second");
    if (*sec > 59) return std::string("second value is outside expected range of 0-59");
    second = *sec;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      std::size_t start = pos;
      while (pos < s.size() && is_digit(s[pos])) {
        // Digits beyond microseconds are truncated (pydantic's default for date fields).
        if (pos - start < 6 && s[pos] != '0') fraction_nonzero = true;
        ++pos;
      }
      if (pos == start) return std::string("second fraction digits missing after `.`");
    }
  }
  if (pos < s.size()) {
    char c = s[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      auto tz_hour = digits(s, pos + 1, 2);
      if (!tz_hour) return std::string("invalid timezone hour");
      pos += 3;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (pos < s.size()) {
        auto tz_minute = digits(s, pos, 2);
        if (!tz_minute) return std::string("invalid timezone minute");
        pos += 2;
      }
      if (*tz_hour > 23) return std::string("timezone offset must be less than 24 hours");
    } else {
      return std::string("unexpected extra characters at the end of the input");
    }
  }
  if (pos < s.size()) return std::string("unexpected extra characters at the end of the input");
  return *hour == 0 && *minute == 0 && second == 0 && !fraction_nonzero;
}

}  // namespace

std::variant<std::string, DateInputError> parse_date_input(std::string_view text) {
  // A date first; when that fails, pydantic's lax mode reads a datetime at midnight, and the
  // datetime parser's error is the one reported.
  auto date = parse_date_part(text);
  if (auto* reason = std::get_if<std::string>(&date))
    return DateInputError{"date_from_datetime_parsing", *reason};
  // The date part has been checked digit by digit, so it is already canonical.
  std::string canonical(text.substr(0, 10));
  if (text.size() == 10) return canonical;
  char sep = text[10];
  if (sep != 'T' && sep != 't' && sep != ' ' && sep != '_')
    return DateInputError{"date_from_datetime_parsing",
                          "invalid datetime separator, expected `T`, `t`, `_` or space"};
  auto midnight = parse_time_part(text, 11);
  if (auto* reason = std::get_if<std::string>(&midnight))
    return DateInputError{"date_from_datetime_parsing", *reason};
  if (!std::get<bool>(midnight)) return DateInputError{"date_from_datetime_inexact", ""};
  return canonical;
}

}  // namespace tandem::faces::v1
