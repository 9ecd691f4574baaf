#pragma once
// What the fuzz targets share: a broken invariant is reported as a crash, so libFuzzer keeps the
// input that broke it, and the checks every error body must pass (a client parses it).

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "platform/utf8.hpp"

namespace tandem::fuzz {

[[noreturn]] inline void invariant_broken(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n", file, line, condition);
  std::fflush(stderr);
  std::abort();
}

// Aborts when `condition` is false; unlike assert() it also holds in release builds.
#define FUZZ_CHECK(condition)                                                           \
  do {                                                                                  \
    if (!(condition)) ::tandem::fuzz::invariant_broken(#condition, __FILE__, __LINE__); \
  } while (false)

// One JSON document in valid UTF-8: what every response body of the API must be.
inline bool is_utf8_json(std::string_view text) {
  if (!platform::is_valid_utf8(text)) return false;
  boost::json::error_code ec;
  boost::json::parse(text, ec);
  return !ec;
}

inline bool is_ascii(std::string_view text) {
  for (unsigned char c : text)
    if (c >= 0x80) return false;
  return true;
}

// Whether `value` holds a double that is not finite (JSON has no spelling for those, so a
// writer's round trip cannot be exact for them).
inline bool has_non_finite(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::double_: {
      double d = value.get_double();
      return d != d || d - d != 0;
    }
    case boost::json::kind::array:
      for (const auto& item : value.get_array())
        if (has_non_finite(item)) return true;
      return false;
    case boost::json::kind::object:
      for (const auto& item : value.get_object())
        if (has_non_finite(item.value())) return true;
      return false;
    default:
      return false;
  }
}

// Equal documents, with two allowances for Boost 1.81's number parser: it does not always round a
// 17-digit decimal to the nearest double (its precise mode came in 1.83), so a correct shortest
// repr can read back one ulp off; and it reads 0e999 as NaN, which equals nothing.
inline bool same_json(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() && b.is_double()) {
    double x = a.get_double(), y = b.get_double();
    return x == y || (x != x && y != y) || std::fabs(x - y) <= std::fabs(x) * 1e-15;
  }
  if (a.is_array() && b.is_array()) {
    const auto &p = a.get_array(), &q = b.get_array();
    if (p.size() != q.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
      if (!same_json(p[i], q[i])) return false;
    return true;
  }
  if (a.is_object() && b.is_object()) {
    const auto &p = a.get_object(), &q = b.get_object();
    if (p.size() != q.size()) return false;
    for (const auto& item : p) {
      const auto* other = q.if_contains(item.key());
      if (other == nullptr || !same_json(item.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace tandem::fuzz
