#include "platform/uuid.hpp"

#include "platform/hex.hpp"
#include "platform/utf8.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace tandem::platform {

namespace {
constexpr char kHex[] = "0123456789abcdef";

std::string format_uuid(const UuidBytes& b) {
  std::string s;
  s.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(kHex[b[i] >> 4]);
    s.push_back(kHex[b[i] & 0xF]);
  }
  return s;
}

}  // namespace

std::string new_uuid_v4() {
  UuidBytes b;
  randombytes_buf(b.data(), b.size());
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);
  return format_uuid(b);
}

std::optional<std::string> parse_uuid(std::string_view text, UuidParseError* error) {
  auto fail = [&](std::string reason) -> std::optional<std::string> {
    if (error) error->reason = std::move(reason);
    return std::nullopt;
  };
  // Positions in the error text follow the Rust `uuid` crate that pydantic uses: 1-based byte
  // offsets into the original text, counting a stripped prefix or opening brace.
  std::string_view s = text;
  std::size_t offset = 0;
  if (s.size() >= 9) {
    std::string prefix(s.substr(0, 9));
    for (auto& c : prefix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (prefix == "urn:uuid:") {
      s.remove_prefix(9);
      offset = 9;
    }
  }
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') {
    s = s.substr(1, s.size() - 2);
    offset += 1;
  }
  std::string hex;
  hex.reserve(32);
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '-') continue;
    if (hex_digit_value(c) < 0) {
      // The whole character, not its first byte: the message must stay valid UTF-8.
      std::size_t length = std::max<std::size_t>(1, utf8_sequence_length(s.substr(i)));
      return fail(std::string("invalid character: expected an optional prefix of `urn:uuid:` "
                              "followed by [0-9a-fA-F-], found `") +
                  to_valid_utf8(s.substr(i, length)) + "` at " + std::to_string(offset + i + 1));
    }
    hex.push_back(c);
  }
  if (hex.size() != 32)
    return fail("invalid group count: expected 5, found " +
                std::to_string(1 + std::count(s.begin(), s.end(), '-')));
  UuidBytes b;
  for (std::size_t i = 0; i < 16; ++i)
    b[i] = static_cast<std::uint8_t>(hex_digit_value(hex[2 * i]) * 16 +
                                     hex_digit_value(hex[2 * i + 1]));
  return format_uuid(b);
}

std::string request_id_hex() {
  // splitmix64: tiny state, good statistical quality, one multiply-xorshift per output.
  thread_local std::uint64_t state = [] {
    std::uint64_t seed;
    randombytes_buf(&seed, sizeof seed);
    return seed;
  }();
  auto next = [] {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  std::string out(32, '0');
  for (int half = 0; half < 2; ++half) {
    std::uint64_t v = next();
    for (int i = 0; i < 16; ++i) {
      out[half * 16 + i] = kHex[v & 0xF];
      v >>= 4;
    }
  }
  return out;
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  return out;
}

}  // namespace tandem::platform
