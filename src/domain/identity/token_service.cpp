#include "domain/identity/token_service.hpp"

#include "platform/clock.hpp"
#include "platform/uuid.hpp"

namespace tandem::domain::identity {

namespace {
// Rows are read with this much overlap, so clock skew between instances and transactions that
// commit late cannot hide a revocation.
constexpr std::int64_t kSyncOverlapMicros = 5'000'000;
}  // namespace

std::string_view token_type_name(TokenType t) {
  return t == TokenType::access ? "access" : "refresh";
}

TokenService::TokenService(TokenSettings settings, store::RevokedTokenRepository& revoked)
    : settings_(std::move(settings)), signer_(settings_.secret), revoked_repo_(revoked) {}

IssuedToken TokenService::issue(const store::UserRecord& user, TokenType type,
                                boost::json::object claims,
                                std::optional<std::int64_t> ttl_seconds) const {
  std::int64_t now = platform::Clock::instance().now_seconds();
  std::int64_t ttl = ttl_seconds                 ? *ttl_seconds
                     : type == TokenType::access ? settings_.access_ttl_seconds
                                                 : settings_.refresh_ttl_seconds;
  IssuedToken out;
  out.jti = platform::new_uuid_v4();
  out.expires_at = now + ttl;
  claims["sub"] = user.uuid;
  claims["type"] = token_type_name(type);
  claims["jti"] = out.jti;
  claims["iat"] = now;
  claims["exp"] = out.expires_at;
  out.token = signer_.sign(claims);
  return out;
}

std::variant<VerifiedToken, TokenRejection> TokenService::verify(std::string_view token,
                                                                 TokenType expected) const {
  platform::JwtVerifyOptions options{platform::Clock::instance().now_seconds()};
  auto result = signer_.verify(token, options);
  auto* claims = std::get_if<boost::json::object>(&result);
  if (claims == nullptr) return TokenRejection::invalid;
  auto* type = claims->if_contains("type");
  if (type == nullptr || !type->is_string()) return TokenRejection::invalid;
  if (type->get_string() != token_type_name(expected)) return TokenRejection::wrong_type;
  auto* sub = claims->if_contains("sub");
  auto* jti = claims->if_contains("jti");
  auto* exp = claims->if_contains("exp");
  if (sub == nullptr || !sub->is_string() || jti == nullptr || !jti->is_string() || exp == nullptr)
    return TokenRejection::invalid;
  VerifiedToken v;
  v.subject = std::string(sub->get_string());
  v.jti = std::string(jti->get_string());
  v.expires_at = exp->is_int64()    ? exp->get_int64()
                 : exp->is_uint64() ? static_cast<std::int64_t>(exp->get_uint64())
                                    : static_cast<std::int64_t>(exp->to_number<double>());
  v.claims = std::move(*claims);
  return v;
}

TokenDiagnosis TokenService::diagnose(std::string_view token, TokenType expected) const {
  TokenDiagnosis d;
  platform::JwtVerifyOptions options{platform::Clock::instance().now_seconds()};
  auto result = signer_.verify(token, options);
  if (auto* error = std::get_if<platform::JwtError>(&result)) {
    d.jwt_error = *error;
    return d;
  }
  auto verified = verify(token, expected);
  if (auto* rejection = std::get_if<TokenRejection>(&verified)) {
    d.wrong_type = *rejection == TokenRejection::wrong_type;
    d.missing_claims = !d.wrong_type;
    return d;
  }
  d.revoked = is_revoked_cached(std::get<VerifiedToken>(verified).jti);
  return d;
}

bool TokenService::is_revoked_cached(const std::string& jti) const {
  std::lock_guard lock(revoked_mutex_);
  return revoked_.count(jti) > 0;
}

bool TokenService::still_valid(const std::string& jti, std::int64_t expires_at_seconds) const {
  return platform::Clock::instance().now_seconds() < expires_at_seconds && !is_revoked_cached(jti);
}

boost::asio::awaitable<bool> TokenService::is_revoked(const std::string& jti) {
  if (is_revoked_cached(jti)) co_return true;
  auto revoked = co_await revoked_repo_.is_revoked(jti);
  co_return revoked;
}

boost::asio::awaitable<void> TokenService::revoke(const std::string& jti,
                                                  std::int64_t expires_at_seconds) {
  std::int64_t expires = expires_at_seconds * 1'000'000;
  co_await revoked_repo_.revoke(jti, expires, platform::Clock::instance().now_micros());
  std::lock_guard lock(revoked_mutex_);
  revoked_[jti] = expires;
}

boost::asio::awaitable<void> TokenService::sync_revocations() {
  std::int64_t now = platform::Clock::instance().now_micros();
  std::int64_t since;
  {
    std::lock_guard lock(revoked_mutex_);
    since = synced_until_ - kSyncOverlapMicros;
  }
  auto rows = co_await revoked_repo_.revoked_since(since);
  std::lock_guard lock(revoked_mutex_);
  for (auto& r : rows) revoked_[r.jti] = r.expires_at;
  for (auto it = revoked_.begin(); it != revoked_.end();) {
    if (it->second < now)
      it = revoked_.erase(it);
    else
      ++it;
  }
  synced_until_ = now;
}

}  // namespace tandem::domain::identity
