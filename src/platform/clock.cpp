#include "platform/clock.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace tandem::platform {

Clock& Clock::instance() {
  static Clock clock;
  return clock;
}

std::int64_t Clock::now_micros() const {
  if (is_frozen_.load(std::memory_order_relaxed)) return frozen_.load(std::memory_order_relaxed);
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Inverse of days_from_civil (same source).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

void put2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_iso8601_micros(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!read_digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !read_digits(s, 5, 2, mo) ||
      s[7] != '-' || !read_digits(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  std::size_t pos = 10;
  std::int64_t frac = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    if (!read_digits(s, pos + 1, 2, h) || s.size() < pos + 6 || s[pos + 3] != ':' ||
        !read_digits(s, pos + 4, 2, mi))
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!read_digits(s, pos + 1, 2, sec)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (digits < 6) {
            frac = frac * 10 + (s[pos] - '0');
            ++digits;
          }
          ++pos;
        }
        while (digits++ < 6) frac *= 10;
      }
    }
  }
  std::int64_t offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh, om;
      if (!read_digits(s, pos + 1, 2, oh)) return std::nullopt;
      std::size_t mpos = pos + 3;
      if (mpos < s.size() && s[mpos] == ':') ++mpos;
      if (!read_digits(s, mpos, 2, om)) return std::nullopt;
      offset_seconds = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
      pos = mpos + 2;
    }
  }
  if (pos != s.size() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::int64_t secs =
      days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
      mi * 60 + sec - offset_seconds;
  return secs * 1'000'000 + frac;
}

std::string format_iso8601_micros(std::int64_t micros) {
  std::string out;
  out.reserve(28);
  append_naive_iso8601_micros(out, micros);
  // Pydantic leaves out a zero fraction.
  if (micros % 1'000'000 == 0) out.resize(out.size() - 7);  // ".000000"
  out.push_back('Z');
  return out;
}

CivilTime civil_from_seconds(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  CivilTime t;
  civil_from_days(days, t.year, t.month, t.day);
  t.hour = static_cast<unsigned>(rem / 3600);
  t.minute = static_cast<unsigned>(rem / 60 % 60);
  t.second = static_cast<unsigned>(rem % 60);
  // 1970-01-01 was a Thursday.
  std::int64_t wd = (days % 7 + 11) % 7;
  t.weekday = static_cast<unsigned>(wd);
  return t;
}

void append_http_date(std::string& out, std::int64_t seconds) {
  static constexpr char kDays[] = "SunMonTueWedThuFriSat";
  static constexpr char kMonths[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  CivilTime t = civil_from_seconds(seconds);
  if (t.year < 0 || t.year > 9999) {
    out += format_http_date(seconds);  // widths beyond four digits: leave them to snprintf
    return;
  }
  char buf[29];  // "Fri, 03 Nov 2023 14:05:09 GMT"
  std::memcpy(buf, kDays + 3 * t.weekday, 3);
  buf[3] = ',';
  buf[4] = ' ';
  put2(buf + 5, t.day);
  buf[7] = ' ';
  std::memcpy(buf + 8, kMonths + 3 * (t.month - 1), 3);
  buf[11] = ' ';
  auto year = static_cast<unsigned>(t.year);
  put2(buf + 12, year / 100);
  put2(buf + 14, year % 100);
  buf[16] = ' ';
  put2(buf + 17, t.hour);
  buf[19] = ':';
  put2(buf + 20, t.minute);
  buf[22] = ':';
  put2(buf + 23, t.second);
  std::memcpy(buf + 25, " GMT", 4);
  out.append(buf, sizeof buf);
}

void append_naive_iso8601_micros(std::string& out, std::int64_t micros) {
  std::int64_t secs = micros / 1'000'000;
  std::int64_t frac = micros % 1'000'000;
  if (frac < 0) {
    frac += 1'000'000;
    --secs;
  }
  CivilTime t = civil_from_seconds(secs);
  if (t.year < 0 || t.year > 9999) {
    std::time_t tt = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char wide[96];
    std::snprintf(wide, sizeof wide, "%04d-%02d-%02dT%02d:%02d:%02d.%06lld", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>(frac));
    out += wide;
    return;
  }
  char buf[26];  // "2025-01-02T03:04:05.000006"
  auto year = static_cast<unsigned>(t.year);
  put2(buf, year / 100);
  put2(buf + 2, year % 100);
  buf[4] = '-';
  put2(buf + 5, t.month);
  buf[7] = '-';
  put2(buf + 8, t.day);
  buf[10] = 'T';
  put2(buf + 11, t.hour);
  buf[13] = ':';
  put2(buf + 14, t.minute);
  buf[16] = ':';
  put2(buf + 17, t.second);
  buf[19] = '.';
  auto f = static_cast<unsigned>(frac);
  put2(buf + 20, f / 10000);
  put2(buf + 22, f / 100 % 100);
  put2(buf + 24, f % 100);
  out.append(buf, sizeof buf);
}

std::string format_http_date(std::int64_t seconds) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

}  // namespace tandem::platform
