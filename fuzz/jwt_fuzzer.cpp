// Fuzzes the HS256 token verifier (platform/jwt.hpp) with one fixed key.
//
// Input: [mode][rest]. Modes:
//   raw      rest is the token, as any client may send it;
//   signed   rest is "header JSON" NUL "payload JSON", encoded and signed here with the key, so
//            the claim checks behind the signature are reached;
//   tampered as signed, then one byte of the token is changed (position and value from the input);
//   resign   rest is a claims document that JwtSigner::sign() signs.
// Invariants: verify() never throws; it accepts a token only when its signature is the key's HMAC
// over the received header and payload (computed here, independently, with OpenSSL's one-shot
// HMAC), its header says HS256, and its claims pass the documented rules at the fixed clock; a
// token sign() made is never refused for its signature or algorithm.

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "platform/jwt.hpp"

namespace {

namespace json = boost::json;
using tandem::platform::JwtError;
using tandem::platform::JwtSigner;
using tandem::platform::JwtVerifyOptions;

constexpr std::string_view kKey = "fuzz-key-0123456789abcdef0123456789abcdef";
constexpr std::int64_t kNow = 1'700'000'000;

std::string base64url(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16 |
                      static_cast<unsigned char>(bytes[i + 1]) << 8 |
                      static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    if (rest == 2) out.push_back(kAlphabet[(n >> 6) & 63]);
  }
  return out;
}

std::string hmac_sha256(std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), kKey.data(), static_cast<int>(kKey.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}

std::string signed_token(std::string_view header, std::string_view payload) {
  std::string token = base64url(header) + "." + base64url(payload);
  return token + "." + base64url(hmac_sha256(token));
}

// The decoded JSON object of one base64url segment, decoded here the simple way: the verifier
// accepted the token, so the segment is canonical base64url.
json::object decode_object(std::string_view segment) {
  std::string bytes;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : segment) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '-'             ? 62
                                   : 63;
    bits = bits << 6 | static_cast<std::uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  json::error_code ec;
  json::value value = json::parse(bytes, ec);
  FUZZ_CHECK(!ec && value.is_object());
  return value.get_object();
}

// The claim as PyJWT's int() reads it, when it is a number.
std::optional<double> numeric_claim(const json::object& claims, std::string_view name) {
  const auto* v = claims.if_contains(name);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  return std::trunc(v->to_number<double>());
}

void check_accepted(std::string_view token, const json::object& claims,
                    const JwtVerifyOptions& options) {
  const std::size_t first_dot = token.find('.');
  const std::size_t second_dot = token.find('.', first_dot + 1);
  FUZZ_CHECK(second_dot != std::string_view::npos);
  FUZZ_CHECK(token.substr(second_dot + 1) == base64url(hmac_sha256(token.substr(0, second_dot))));
  const json::object header = decode_object(token.substr(0, first_dot));
  const auto* alg = header.if_contains("alg");
  FUZZ_CHECK(alg != nullptr && alg->is_string() && alg->get_string() == "HS256");
  FUZZ_CHECK(tandem::fuzz::same_json(
      claims, decode_object(token.substr(first_dot + 1, second_dot - first_dot - 1))));
  // Doubles keep the comparison exact enough: the fixed clock is far from 2^53.
  const auto now = static_cast<double>(options.now), leeway = static_cast<double>(options.leeway);
  if (options.require_exp) FUZZ_CHECK(numeric_claim(claims, "exp").has_value());
  if (claims.contains("exp")) FUZZ_CHECK(numeric_claim(claims, "exp") > now - leeway);
  if (claims.contains("nbf")) FUZZ_CHECK(numeric_claim(claims, "nbf") <= now + leeway);
  if (claims.contains("iat")) FUZZ_CHECK(numeric_claim(claims, "iat").has_value());
}

// Verifies `token` and checks the outcome; returns the error when it was refused.
std::optional<JwtError> verify(const JwtSigner& signer, std::string_view token,
                               const JwtVerifyOptions& options) {
  auto result = signer.verify(token, options);
  if (auto* claims = std::get_if<json::object>(&result)) {
    check_accepted(token, *claims, options);
    return std::nullopt;
  }
  FUZZ_CHECK(tandem::platform::jwt_error_name(std::get<JwtError>(result)) != "unknown");
  return std::get<JwtError>(result);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const JwtSigner signer{std::string(kKey)};
  const std::uint8_t mode = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  JwtVerifyOptions options{.now = kNow};
  // Some inputs verify as TeamFlow does (no exp required) and with leeway.
  options.require_exp = (mode & 0x10) == 0;
  options.leeway = (mode & 0x20) != 0 ? 30 : 0;
  try {
    switch (mode % 4) {
      case 0:  // raw
        verify(signer, rest, options);
        break;
      case 1:    // signed
      case 2: {  // tampered
        std::size_t nul = rest.find('\0');
        std::string_view header = rest.substr(0, nul);
        std::string_view payload = nul == std::string_view::npos ? "" : rest.substr(nul + 1);
        std::string token = signed_token(header, payload);
        if (mode % 4 == 2 && !payload.empty()) {
          // The payload's last byte picks the position; the change is to another character.
          std::size_t at = static_cast<unsigned char>(payload.back()) * 7919 % token.size();
          token[at] = token[at] == 'A' ? 'B' : 'A';
        }
        verify(signer, token, options);
        break;
      }
      default: {  // resign
        json::error_code ec;
        json::value claims = json::parse(rest, ec);
        if (ec || !claims.is_object()) break;
        auto error = verify(signer, signer.sign(claims.get_object()), options);
        FUZZ_CHECK(error != JwtError::bad_signature && error != JwtError::bad_algorithm);
        break;
      }
    }
  } catch (...) {
    FUZZ_CHECK(!"an exception escaped the token verifier");
  }
  return 0;
}
