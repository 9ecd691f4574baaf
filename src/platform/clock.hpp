#pragma once
// The one source of "now". TANDEM_NOW freezes it for tests: token iat/exp and their checks,
// stored timestamps and period windows all read this clock.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::platform {

class Clock {
 public:
  static Clock& instance();

  std::int64_t now_micros() const;
  std::int64_t now_seconds() const { return now_micros() / 1'000'000; }

  void freeze(std::int64_t micros) {
    frozen_.store(micros);
    is_frozen_.store(true);
  }
  void unfreeze() { is_frozen_.store(false); }

 private:
  std::atomic<bool> is_frozen_{false};
  std::atomic<std::int64_t> frozen_{0};
};

// Parses ISO-8601 UTC ("2023-11-03T12:00:00Z", fractional seconds, "+00:00", or a bare date).
std::optional<std::int64_t> parse_iso8601_micros(std::string_view text);

// "2025-10-04T07:01:02.345678Z", or without the fraction when it is zero (FastAPI's form).
std::string format_iso8601_micros(std::int64_t micros);

// "Fri, 03 Nov 2023 14:05:09 GMT" (HTTP-date, for cookies and Flask-style faces).
std::string format_http_date(std::int64_t seconds);

// UTC calendar fields of a second since the epoch, computed arithmetically (no gmtime_r).
struct CivilTime {
  std::int64_t year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  unsigned weekday = 4;  // 0 = Sunday
};
CivilTime civil_from_seconds(std::int64_t seconds);

// The same text as format_http_date, appended to `out` without a temporary string: the list
// renderers write thousands of these per response.
void append_http_date(std::string& out, std::int64_t seconds);

// "2025-01-02T03:04:05.000006": naive UTC with all six fractional digits, appended to `out`.
void append_naive_iso8601_micros(std::string& out, std::int64_t micros);

}  // namespace tandem::platform
