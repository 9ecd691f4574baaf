#include "platform/flask_json.hpp"

#include "platform/json_string.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <vector>

namespace tandem::http {

namespace json = boost::json;
using platform::append_ascii_escape;
using platform::is_json_escaped_ascii;

namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_u_escape(std::string& out, std::uint32_t unit) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(unit >> shift) & 0xF]);
}

// Decodes one UTF-8 sequence at s[i]; returns U+FFFD for a malformed one (Boost.JSON validates
// what it parses, so this only guards text that came from elsewhere).
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
  if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size()) {
    ++i;
    return 0xFFFD;
  }
  std::uint32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    unsigned char cont = byte(i + k);
    if ((cont & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cont & 0x3F);
  }
  i += extra + 1;
  return cp;
}

bool needs_escape(unsigned char c) { return is_json_escaped_ascii(c) || c >= 0x80; }

void append_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (std::size_t i = 0; i < s.size();) {
    // Plain runs are copied at once: escapes are rare in API data.
    std::size_t run = i;
    while (run < s.size() && !needs_escape(static_cast<unsigned char>(s[run]))) ++run;
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      append_ascii_escape(out, c);
      ++i;
      continue;
    }
    std::uint32_t cp = next_code_point(s, i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      append_u_escape(out, 0xD800 + (cp >> 10));
      append_u_escape(out, 0xDC00 + (cp & 0x3FF));
    } else {
      append_u_escape(out, cp);
    }
  }
  out.push_back('"');
}

void append_value(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
      append_json_integer(out, v.get_int64());
      return;
    case json::kind::uint64:
      out += std::to_string(v.get_uint64());
      return;
    case json::kind::double_:
      append_python_float(out, v.get_double());
      return;
    case json::kind::string:
      append_string(out, v.get_string());
      return;
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append_value(out, item);
      }
      out.push_back(']');
      return;
    }
    case json::kind::object: {
      const auto& obj = v.get_object();
      // The renderers insert keys in order already; sort only what is not.
      bool sorted = std::is_sorted(obj.begin(), obj.end(),
                                   [](const auto& a, const auto& b) { return a.key() < b.key(); });
      if (sorted) {
        out.push_back('{');
        bool first = true;
        for (const auto& kv : obj) {
          if (!first) out.push_back(',');
          first = false;
          append_string(out, kv.key());
          out.push_back(':');
          append_value(out, kv.value());
        }
        out.push_back('}');
        return;
      }
      std::vector<const json::key_value_pair*> entries;
      entries.reserve(obj.size());
      for (const auto& kv : obj) entries.push_back(&kv);
      std::sort(entries.begin(), entries.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out.push_back('{');
      bool first = true;
      for (const auto* kv : entries) {
        if (!first) out.push_back(',');
        first = false;
        append_string(out, kv->key());
        out.push_back(':');
        append_value(out, kv->value());
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

void append_python_float(std::string& out, double value) {
  // JSON has no NaN or Infinity (Python would write them, invalid); no request produces one
  // today, and the digit layout below assumes an exponent.
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  // Shortest round-trip digits, then laid out the way float.__repr__ does: positional for
  // decimal exponents -4..15, scientific ("1e+16", "1.5e-05") otherwise.
  char buf[40];
  auto end = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific).ptr;
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  if (text.front() == '-') {
    out.push_back('-');
    text.remove_prefix(1);
  }
  auto e = text.find('e');
  char digit_buf[40];
  std::size_t n = 0;
  for (char c : text.substr(0, e))
    if (c != '.') digit_buf[n++] = c;
  std::string_view digits(digit_buf, n);
  int exponent = 0;
  std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1), text.data() + text.size(),
                  exponent);
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-exponent - 1), '0');
      out += digits;
      return;
    }
    auto int_len = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= int_len) {
      out += digits;
      out.append(int_len - digits.size(), '0');
      out += ".0";
    } else {
      out += digits.substr(0, int_len);
      out.push_back('.');
      out += digits.substr(int_len);
    }
    return;
  }
  out.push_back(digits[0]);
  if (digits.size() > 1) {
    out.push_back('.');
    out += digits.substr(1);
  }
  out.push_back('e');
  out.push_back(exponent < 0 ? '-' : '+');
  int magnitude = exponent < 0 ? -exponent : exponent;
  if (magnitude < 10) out.push_back('0');
  append_json_integer(out, magnitude);
}

void append_json_string(std::string& out, std::string_view text) { append_string(out, text); }

void append_json_integer(std::string& out, std::int64_t value) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out.append(buf, static_cast<std::size_t>(end - buf));
}

std::string flask_json(const json::value& value) {
  std::string out;
  out.reserve(4096);
  append_value(out, value);
  out.push_back('\n');
  return out;
}

Response flask_json_response(int status, const json::value& body) {
  return Response::json_text(status, flask_json(body));
}

}  // namespace tandem::http
