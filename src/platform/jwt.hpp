#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace tandem::platform {

struct JwtVerifyOptions {
  std::int64_t now;         // unix seconds, from the caller's clock (TANDEM_NOW in tests)
  std::int64_t leeway = 0;  // seconds
  bool require_exp = true;  // TeamFlow's legacy tokens carry no exp
};

enum class JwtError {
  malformed,
  bad_algorithm,
  bad_signature,
  expired,
  not_yet_valid,
  missing_exp
};

// Stable lower-case name ("bad_signature", ...) for logs and test vectors.
std::string_view jwt_error_name(JwtError error);

// HS256 only. Pinning the algorithm here, rather than trusting the token's header, is what keeps
// "alg":"none" and algorithm-confusion tokens out.
class JwtSigner {
 public:
  // Throws std::invalid_argument for an empty secret: an empty key is always a configuration
  // mistake, and tokens signed with it would be forgeable by anyone.
  explicit JwtSigner(std::string secret);

  // Header {"alg":"HS256","typ":"JWT"}; claims compact, in insertion order. For ASCII-only
  // claims without floating-point values the token is byte-identical to PyJWT's.
  std::string sign(const boost::json::object& claims) const;

  // Checks, in PyJWT's order: three unpadded base64url segments and a JSON-object header
  // (malformed), "alg" exactly "HS256" (bad_algorithm), HMAC over the received bytes compared in
  // constant time (bad_signature), JSON-object payload (malformed), then the registered claims:
  //   exp missing or null with require_exp    -> missing_exp
  //   iat / nbf / exp present but not a number -> malformed
  //   nbf > now + leeway                       -> not_yet_valid
  //   exp <= now - leeway                      -> expired
  // Fractional nbf/exp are truncated toward zero first, as PyJWT's int() does. iat is only
  // type-checked (PyJWT 2.6 also rejects an iat in the future; we do not, so clock skew between
  // instances cannot reject a token minted a moment ago).
  std::variant<boost::json::object, JwtError> verify(std::string_view token,
                                                     const JwtVerifyOptions& options) const;

 private:
  std::string secret_;
};

}  // namespace tandem::platform
