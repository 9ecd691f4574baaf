#pragma once
// Users, credentials and sessions, independent of any face: faces translate their wire formats
// into these calls and render the typed results in their own shapes.

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/identity/token_service.hpp"
#include "platform/blocking_pool.hpp"
#include "platform/password_hash.hpp"
#include "platform/rate_limiter.hpp"
#include "platform/versioned_cache.hpp"
#include "store/identity/user_repository.hpp"

namespace tandem::domain::identity {

inline constexpr std::string_view kAdminRole = "admin";

struct IdentitySettings {
  platform::Argon2Cost password_cost = platform::default_argon2_cost();
  // Failed logins per window: for one account from one client address, for one account from
  // anywhere (the ceiling, well above the first so a storm from one address does not lock the
  // owner out everywhere), and from one client address whatever the account.
  std::int64_t login_account_limit = 10;
  std::int64_t login_account_ceiling = 100;
  std::int64_t login_address_limit = 50;
  std::int64_t login_window_seconds = 300;
};

// The authenticated caller of a request: the user row as of the last commit anywhere (see
// recent_users_), so a deleted, deactivated or demoted user loses access at once.
struct Principal {
  store::UserRecord user;
  VerifiedToken token;
  bool is_admin() const { return user.has_role(kAdminRole); }
};

// Set (true) on tokens from a login that proved no password: the KPI face's email-only login
// (spec/kpi.md §5.1). Only a face whose contract has such logins accepts them; elsewhere the
// token would let anyone who knows an email act as that user (design.md: no face is a back door
// into another).
inline constexpr std::string_view kEmailOnlyClaim = "email_only";
enum class EmailOnlyTokens { refused, accepted };

enum class AuthFailure {
  invalid_token,  // bad signature, expired, malformed, revoked
  wrong_type,     // a refresh token used as a bearer, or the other way round
  unknown_user,   // deleted since the token was issued
  inactive_user
};

struct RegisterInput : store::UserProfile {
  std::optional<std::string> password;  // none: the account cannot log in with a password
  std::vector<std::string> roles;
  bool active = true;
  // The first user of an empty database becomes admin (v1 registration; design.md).
  bool first_user_becomes_admin = false;
};
enum class RegisterFailure { email_taken, username_taken };

enum class LoginKey { email, username };
struct LoginInput {
  LoginKey key = LoginKey::email;
  std::string identifier;
  std::string password;
  std::string client_address;
};
struct LoginFailure {
  enum Kind { invalid_credentials, rate_limited } kind;
  std::int64_t retry_after_seconds = 0;
};

struct UserUpdate {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> password;
  std::optional<bool> admin;  // grant or revoke the admin role
};
enum class UpdateFailure { not_found, email_taken };
enum class DeleteOutcome { deleted, not_found, owns_content };

class IdentityService {
 public:
  // `login_attempts` counts logins against the limits in `settings`; its window is theirs.
  IdentityService(store::Database& db, TokenService& tokens, platform::BlockingPool& hashing,
                  IdentitySettings settings,
                  std::unique_ptr<platform::AttemptLimiter> login_attempts);

  // From an access token (already extracted from the request by the face). Tokens of an
  // email-only login are invalid_token unless the face accepts them.
  boost::asio::awaitable<std::variant<Principal, AuthFailure>> authenticate(
      std::string_view access_token, EmailOnlyTokens email_only = EmailOnlyTokens::refused);

  // The user row read now, bypassing the short cache that authenticate() uses: for answers whose
  // point is the current profile (GET /users/me).
  boost::asio::awaitable<std::variant<store::UserRecord, AuthFailure>> current_user(
      const std::string& uuid);

  boost::asio::awaitable<std::variant<store::UserRecord, RegisterFailure>> register_user(
      RegisterInput input);
  boost::asio::awaitable<std::variant<store::UserRecord, LoginFailure>> login(LoginInput input);
  // Validates a refresh token (signature, type, not revoked, user still active).
  boost::asio::awaitable<std::variant<store::UserRecord, AuthFailure>> check_refresh(
      std::string_view refresh_token);
  // Revokes the token when it is a valid token of this service; anything else is ignored.
  boost::asio::awaitable<void> revoke_token(std::string_view token, TokenType type);

  boost::asio::awaitable<std::vector<store::UserRecord>> list_users(store::UserListFilter filter);
  boost::asio::awaitable<std::optional<store::UserRecord>> find_user(const std::string& uuid);
  boost::asio::awaitable<std::variant<store::UserRecord, UpdateFailure>> update_user(
      const std::string& uuid, UserUpdate update);
  boost::asio::awaitable<DeleteOutcome> delete_user(const std::string& uuid);

  // A password hash at the configured cost, computed on the hashing pool (not the caller's
  // event loop): for every write of a password, whichever face or engine makes it.
  boost::asio::awaitable<std::string> hash_password(std::string password);

  TokenService& tokens() { return tokens_; }
  store::UserRepository& users() { return users_; }

 private:
  // The token's subject as of the last commit: gone or deactivated users fail here.
  boost::asio::awaitable<std::variant<store::UserRecord, AuthFailure>> token_user(
      const VerifiedToken& token);
  // The user whose password this is, or nothing; as slow for unknown users as for known ones.
  boost::asio::awaitable<std::optional<store::UserRecord>> check_credentials(const LoginInput& in);
  boost::asio::awaitable<bool> verify(std::string password, std::string stored_hash);

  store::Database& db_;
  store::UserRepository users_;
  TokenService& tokens_;
  platform::BlockingPool& hashing_;
  IdentitySettings settings_;
  std::unique_ptr<platform::AttemptLimiter> login_attempts_;
  std::string dummy_hash_;  // same cost as real hashes, so unknown users take as long
  // Users by uuid for authenticate(): valid until the next commit anywhere (the database's data
  // version) and for at most a second (design.md: "cached briefly").
  platform::VersionedCache<std::string, store::UserRecord> recent_users_{10'000,
                                                                         std::chrono::seconds(1)};
};

}  // namespace tandem::domain::identity
