#include "platform/jwt.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <utility>

#include "platform/base64url.hpp"

namespace tandem::platform {
namespace {

// base64url of {"alg":"HS256","typ":"JWT"}; PyJWT emits the same bytes (it sorts header keys).
constexpr std::string_view kEncodedHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

using Mac = std::array<unsigned char, 32>;

// One keyed HMAC context per thread. The one-shot HMAC() of OpenSSL 3 fetches the algorithm,
// builds a context and expands the key on every call, which cost more than the hashing itself
// on the authentication path; re-initialising a keyed context with a null key reuses its key.
class ThreadHmac {
 public:
  ThreadHmac() : mac_(EVP_MAC_fetch(nullptr, "HMAC", nullptr)) {}
  ~ThreadHmac() {
    forget_key();
    EVP_MAC_free(mac_);
  }
  ThreadHmac(const ThreadHmac&) = delete;
  ThreadHmac& operator=(const ThreadHmac&) = delete;

  std::optional<Mac> sha256(std::string_view key, std::string_view data) {
    if (mac_ == nullptr || !keyed_with(key)) return failed();
    Mac out{};
    std::size_t length = 0;
    if (!EVP_MAC_init(ctx_, nullptr, 0, nullptr) ||
        !EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(data.data()), data.size()) ||
        !EVP_MAC_final(ctx_, out.data(), &length, out.size()) || length != out.size()) {
      return failed();
    }
    return out;
  }

 private:
  // OpenSSL queues an error per failure; leaving them would mislead its next user.
  static std::optional<Mac> failed() {
    ERR_clear_error();
    return std::nullopt;
  }

  void forget_key() {
    EVP_MAC_CTX_free(ctx_);
    ctx_ = nullptr;
    OPENSSL_cleanse(key_.data(), key_.size());
    key_.clear();
  }

  bool keyed_with(std::string_view key) {
    if (ctx_ != nullptr && key == key_) return true;
    forget_key();
    ctx_ = EVP_MAC_CTX_new(mac_);
    if (ctx_ == nullptr) return false;
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (!EVP_MAC_init(ctx_, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                      params)) {
      EVP_MAC_CTX_free(ctx_);
      ctx_ = nullptr;
      return false;
    }
    key_.assign(key);
    return true;
  }

  EVP_MAC* mac_;
  EVP_MAC_CTX* ctx_ = nullptr;
  std::string key_;
};

std::optional<Mac> hmac_sha256(std::string_view key, std::string_view data) {
  thread_local ThreadHmac hmac;
  return hmac.sha256(key, data);
}

std::optional<boost::json::object> parse_object(std::string_view text) {
  // Claims never nest deeply; the limit bounds the work a hostile token can cause.
  boost::json::parse_options options;
  options.max_depth = 32;
  boost::json::error_code ec;
  boost::json::value value = boost::json::parse(text, ec, {}, options);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

// Python integers are unbounded; 128 bits hold every JSON integer Boost produces and every
// double we keep after clamping, so the comparisons below are exact without overflow checks.
__extension__ typedef __int128 WideInt;

enum class NumericClaim { absent, null, not_a_number, ok };

struct ClaimValue {
  NumericClaim state;
  WideInt value = 0;
};

ClaimValue read_numeric_claim(const boost::json::object& claims, std::string_view name) {
  const auto it = claims.find(name);
  if (it == claims.end()) return {NumericClaim::absent};
  const boost::json::value& v = it->value();
  if (v.is_null()) return {NumericClaim::null};
  if (v.is_int64()) return {NumericClaim::ok, WideInt{v.get_int64()}};
  if (v.is_uint64()) return {NumericClaim::ok, WideInt{v.get_uint64()}};
  if (v.is_double()) {
    const double d = v.get_double();
    if (std::isnan(d)) return {NumericClaim::not_a_number};
    // Far beyond any time value, but still well inside WideInt's range.
    constexpr double kLimit = 1e30;
    if (d >= kLimit) return {NumericClaim::ok, static_cast<WideInt>(kLimit)};
    if (d <= -kLimit) return {NumericClaim::ok, -static_cast<WideInt>(kLimit)};
    return {NumericClaim::ok, static_cast<WideInt>(std::trunc(d))};
  }
  return {NumericClaim::not_a_number};
}

}  // namespace

std::string_view jwt_error_name(JwtError error) {
  switch (error) {
    case JwtError::malformed:
      return "malformed";
    case JwtError::bad_algorithm:
      return "bad_algorithm";
    case JwtError::bad_signature:
      return "bad_signature";
    case JwtError::expired:
      return "expired";
    case JwtError::not_yet_valid:
      return "not_yet_valid";
    case JwtError::missing_exp:
      return "missing_exp";
  }
  return "unknown";
}

JwtSigner::JwtSigner(std::string secret) : secret_(std::move(secret)) {
  if (secret_.empty()) throw std::invalid_argument("JWT secret must not be empty");
}

std::string JwtSigner::sign(const boost::json::object& claims) const {
  std::string token(kEncodedHeader);
  token += '.';
  token += base64url_encode(boost::json::serialize(claims));
  const auto mac = hmac_sha256(secret_, token);
  if (!mac) throw std::runtime_error("HMAC-SHA256 failed");
  token += '.';
  token +=
      base64url_encode(std::string_view(reinterpret_cast<const char*>(mac->data()), mac->size()));
  return token;
}

std::variant<boost::json::object, JwtError> JwtSigner::verify(
    std::string_view token, const JwtVerifyOptions& options) const {
  const std::size_t first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return JwtError::malformed;
  const std::size_t second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos) return JwtError::malformed;
  if (token.find('.', second_dot + 1) != std::string_view::npos) return JwtError::malformed;

  const auto header_json = base64url_decode(token.substr(0, first_dot));
  const auto payload_json =
      base64url_decode(token.substr(first_dot + 1, second_dot - first_dot - 1));
  const auto signature = base64url_decode(token.substr(second_dot + 1));
  if (!header_json || !payload_json || !signature) return JwtError::malformed;

  const auto header = parse_object(*header_json);
  if (!header) return JwtError::malformed;
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->value().is_string() || alg->value().get_string() != "HS256") {
    return JwtError::bad_algorithm;
  }

  // The MAC covers the bytes as received, never a re-encoding of the parsed header and payload.
  const auto expected = hmac_sha256(secret_, token.substr(0, second_dot));
  if (!expected || signature->size() != expected->size() ||
      CRYPTO_memcmp(signature->data(), expected->data(), expected->size()) != 0) {
    return JwtError::bad_signature;
  }

  auto claims = parse_object(*payload_json);
  if (!claims) return JwtError::malformed;

  const ClaimValue exp = read_numeric_claim(*claims, "exp");
  const ClaimValue iat = read_numeric_claim(*claims, "iat");
  const ClaimValue nbf = read_numeric_claim(*claims, "nbf");

  const bool exp_missing = exp.state == NumericClaim::absent || exp.state == NumericClaim::null;
  if (options.require_exp && exp_missing) return JwtError::missing_exp;

  // Same order as PyJWT, so a token with several faults reports the same one. A null claim is
  // not a number either (PyJWT fails on int(None) as well).
  const auto unusable = [](const ClaimValue& c) {
    return c.state == NumericClaim::null || c.state == NumericClaim::not_a_number;
  };
  const WideInt now = options.now;
  const WideInt leeway = options.leeway;
  if (unusable(iat)) return JwtError::malformed;
  if (unusable(nbf)) return JwtError::malformed;
  if (nbf.state == NumericClaim::ok && nbf.value > now + leeway) return JwtError::not_yet_valid;
  if (unusable(exp)) return JwtError::malformed;
  if (exp.state == NumericClaim::ok && exp.value <= now - leeway) return JwtError::expired;

  return std::move(*claims);
}

}  // namespace tandem::platform
