#pragma once
// One token service for every face: HS256 with one key; every token carries sub (the user's
// uuid), jti, type, iat and exp, plus the claims its face's clients know. Revocation is by jti:
// each instance keeps the revoked set in memory and re-reads new rows from the database every
// half second, so a logout on one instance holds on all of them within a second.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>

#include "platform/jwt.hpp"
#include "store/identity/revoked_token_repository.hpp"
#include "store/identity/user_repository.hpp"

namespace tandem::domain::identity {

enum class TokenType { access, refresh };
std::string_view token_type_name(TokenType t);

struct TokenSettings {
  std::string secret;
  std::int64_t access_ttl_seconds = 3600;
  std::int64_t refresh_ttl_seconds = 7 * 86400;
};

struct IssuedToken {
  std::string token;
  std::string jti;
  std::int64_t expires_at;  // unix seconds
};

struct VerifiedToken {
  boost::json::object claims;
  std::string subject;  // user uuid
  std::string jti;
  std::int64_t expires_at;
};

enum class TokenRejection { invalid, wrong_type };

// Why a token is refused, in the detail some faces' clients see: Flask-JWT-Extended answers an
// expired token with 401 and a forged one with 422, and names a revoked one.
struct TokenDiagnosis {
  std::optional<platform::JwtError> jwt_error;  // signature, format or time checks
  bool wrong_type = false;
  bool missing_claims = false;  // no sub/jti/exp/type of this service
  bool revoked = false;         // per the in-memory set
};

class TokenService {
 public:
  TokenService(TokenSettings settings, store::RevokedTokenRepository& revoked);

  // `face_claims` come first in the payload (the shape a face's clients know); the registered
  // claims follow. `ttl_seconds` overrides the type's lifetime for a face whose clients cannot
  // refresh (TeamFlow's 24 h session, spec/teamflow.md §8.1).
  IssuedToken issue(const store::UserRecord& user, TokenType type, boost::json::object face_claims,
                    std::optional<std::int64_t> ttl_seconds = std::nullopt) const;
  std::variant<VerifiedToken, TokenRejection> verify(std::string_view token,
                                                     TokenType expected) const;

  // For error messages only: the same checks as verify() and is_revoked_cached(), itemised.
  TokenDiagnosis diagnose(std::string_view token, TokenType expected) const;

  // Fast check against the in-memory set (may lag other instances by the sync interval).
  bool is_revoked_cached(const std::string& jti) const;
  // For connections that outlive the request that verified their token (WebSockets): still
  // unexpired and not revoked as far as this instance knows (its set is synced within
  // milliseconds of a logout elsewhere). Cheap and thread-safe.
  bool still_valid(const std::string& jti, std::int64_t expires_at_seconds) const;
  // Authoritative check against the database (refresh, logout).
  boost::asio::awaitable<bool> is_revoked(const std::string& jti);
  boost::asio::awaitable<void> revoke(const std::string& jti, std::int64_t expires_at_seconds);
  // Pulls revocations recorded by any instance since the last sync and drops expired entries.
  boost::asio::awaitable<void> sync_revocations();

  const TokenSettings& settings() const { return settings_; }

 private:
  TokenSettings settings_;
  platform::JwtSigner signer_;
  store::RevokedTokenRepository& revoked_repo_;
  mutable std::mutex revoked_mutex_;
  std::unordered_map<std::string, std::int64_t> revoked_;  // jti -> expires_at (micros)
  std::int64_t synced_until_ = 0;                          // micros
};

}  // namespace tandem::domain::identity
