#include "domain/identity/identity_service.hpp"

#include <algorithm>
#include <exception>

#include "platform/clock.hpp"
#include "platform/uuid.hpp"

namespace tandem::domain::identity {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool is_unique_violation_on(const store::DatabaseError& e, std::string_view column) {
  return e.kind() == store::DatabaseError::Kind::unique_violation &&
         (e.constraint().find(column) != std::string::npos ||
          std::string_view(e.what()).find(column) != std::string_view::npos);
}

}  // namespace

IdentityService::IdentityService(store::Database& db, TokenService& tokens,
                                 platform::BlockingPool& hashing, IdentitySettings settings,
                                 std::unique_ptr<platform::AttemptLimiter> login_attempts)
    : db_(db),
      users_(db),
      tokens_(tokens),
      hashing_(hashing),
      settings_(settings),
      login_attempts_(std::move(login_attempts)),
      dummy_hash_(platform::hash_password(platform::random_hex(16), settings.password_cost)) {}

boost::asio::awaitable<std::string> IdentityService::hash_password(std::string password) {
  auto cost = settings_.password_cost;
  // Named, not a temporary inside co_await: g++ 12 destroys such temporaries twice.
  auto work = [p = std::move(password), cost] { return platform::hash_password(p, cost); };
  auto h = co_await hashing_.run(std::move(work));
  co_return h;
}

boost::asio::awaitable<bool> IdentityService::verify(std::string password,
                                                     std::string stored_hash) {
  auto work = [p = std::move(password), h = std::move(stored_hash)] {
    return platform::verify_password(p, h);
  };
  auto ok = co_await hashing_.run(std::move(work));
  co_return ok;
}

boost::asio::awaitable<std::variant<store::UserRecord, AuthFailure>> IdentityService::token_user(
    const VerifiedToken& token) {
  auto canonical = platform::parse_uuid(token.subject);
  if (!canonical) co_return AuthFailure::invalid_token;
  // The version is read before the row, so a row cached here never hides a later commit.
  const std::uint64_t version = db_.data_version(store::DataScope::users);
  if (auto cached = recent_users_.find(*canonical, version)) {
    if (!cached->active) co_return AuthFailure::inactive_user;
    co_return *cached;
  }
  auto user = co_await users_.find_by_uuid(*canonical);
  if (!user) co_return AuthFailure::unknown_user;
  recent_users_.store(*canonical, version, std::make_shared<const store::UserRecord>(*user));
  if (!user->active) co_return AuthFailure::inactive_user;
  co_return std::move(*user);
}

boost::asio::awaitable<std::variant<store::UserRecord, AuthFailure>> IdentityService::current_user(
    const std::string& uuid) {
  auto user = co_await users_.find_by_uuid(uuid);
  if (!user) co_return AuthFailure::unknown_user;
  if (!user->active) co_return AuthFailure::inactive_user;
  co_return std::move(*user);
}

boost::asio::awaitable<std::variant<Principal, AuthFailure>> IdentityService::authenticate(
    std::string_view access_token, EmailOnlyTokens email_only) {
  auto verified = tokens_.verify(access_token, TokenType::access);
  if (auto* rejection = std::get_if<TokenRejection>(&verified)) {
    co_return *rejection == TokenRejection::wrong_type ? AuthFailure::wrong_type
                                                       : AuthFailure::invalid_token;
  }
  auto& token = std::get<VerifiedToken>(verified);
  if (tokens_.is_revoked_cached(token.jti)) co_return AuthFailure::invalid_token;
  if (email_only == EmailOnlyTokens::refused && token.claims.contains(kEmailOnlyClaim))
    co_return AuthFailure::invalid_token;
  auto user = co_await token_user(token);
  if (auto* failure = std::get_if<AuthFailure>(&user)) co_return *failure;
  co_return Principal{std::move(std::get<store::UserRecord>(user)), std::move(token)};
}

boost::asio::awaitable<std::variant<store::UserRecord, RegisterFailure>>
IdentityService::register_user(RegisterInput in) {
  std::optional<std::string> password_hash;
  if (in.password) {
    auto h = co_await hash_password(*in.password);
    password_hash = std::move(h);
  }
  store::NewUser u;
  static_cast<store::UserProfile&>(u) = in;
  u.uuid = platform::new_uuid_v4();
  u.password_hash = password_hash;
  u.active = in.active;
  u.roles = in.roles;
  u.now = platform::Clock::instance().now_micros();
  std::optional<RegisterFailure> failure;
  try {
    auto tx = co_await db_.begin();
    if (in.first_user_becomes_admin) {
      co_await users_.lock_registrations(*tx);
      auto any = co_await users_.any_user_exists(*tx);
      if (!any && std::none_of(u.roles.begin(), u.roles.end(),
                               [](const auto& r) { return lower(r) == kAdminRole; }))
        u.roles.emplace_back(kAdminRole);
    }
    auto id = co_await users_.insert(*tx, u);
    (void)id;
    co_await tx->commit();
  } catch (const store::DatabaseError& e) {
    if (is_unique_violation_on(e, "email"))
      failure = RegisterFailure::email_taken;
    else if (is_unique_violation_on(e, "username"))
      failure = RegisterFailure::username_taken;
    else
      throw;
  }
  if (failure) co_return *failure;
  auto created = co_await users_.find_by_uuid(u.uuid);
  co_return std::move(created.value());
}

boost::asio::awaitable<std::optional<store::UserRecord>> IdentityService::check_credentials(
    const LoginInput& in) {
  std::optional<store::UserRecord> user;
  if (in.key == LoginKey::email) {
    auto found = co_await users_.find_by_email(in.identifier);
    user = std::move(found);
  } else {
    auto found = co_await users_.find_by_username(in.identifier);
    user = std::move(found);
  }
  // Unknown users, users without a password and inactive users cost one full verification
  // too, so response time does not reveal which accounts exist.
  bool usable = user && user->active && user->password_hash;
  std::string stored = usable ? *user->password_hash : dummy_hash_;
  auto ok = co_await verify(in.password, stored);
  if (!ok || !usable) co_return std::nullopt;
  co_return user;
}

boost::asio::awaitable<std::variant<store::UserRecord, LoginFailure>> IdentityService::login(
    LoginInput in) {
  std::string account_key = (in.key == LoginKey::email ? "e:" : "u:") +
                            (in.key == LoginKey::email ? lower(in.identifier) : in.identifier);
  // An address holds no '/', so the first one ends it and no two pairs share a key.
  std::string account_from_address_key = "p:" + in.client_address + "/" + account_key;
  std::vector<platform::AttemptQuota> quotas{
      {account_from_address_key, settings_.login_account_limit},
      {account_key, settings_.login_account_ceiling},
      {"a:" + in.client_address, settings_.login_address_limit}};
  // Counted before the password is checked, so concurrent guesses cannot all pass a limit that
  // only a finished check would have raised.
  auto acquired = co_await login_attempts_->try_acquire(std::move(quotas),
                                                        platform::Clock::instance().now_seconds());
  if (auto* refusal = std::get_if<platform::AttemptRefusal>(&acquired))
    co_return LoginFailure{LoginFailure::rate_limited, refusal->retry_after_seconds};
  auto reservation = std::move(std::get<platform::AttemptReservation>(acquired));

  std::optional<store::UserRecord> user;
  std::exception_ptr unchecked;
  try {
    auto checked = co_await check_credentials(in);
    user = std::move(checked);
  } catch (...) {
    unchecked = std::current_exception();  // no answer reached the client: not an attempt
  }
  if (unchecked) {
    co_await login_attempts_->release(std::move(reservation));
    std::rethrow_exception(unchecked);
  }
  if (!user) co_return LoginFailure{LoginFailure::invalid_credentials, 0};  // the attempt stays

  // The owner got in: this attempt does not count anywhere, and the failures from this address
  // on this account are forgiven (failures elsewhere still count towards the ceiling).
  co_await login_attempts_->release(std::move(reservation));
  co_await login_attempts_->reset(std::move(account_from_address_key));
  if (platform::password_needs_rehash(*user->password_hash, settings_.password_cost)) {
    auto fresh = co_await hash_password(in.password);
    co_await users_.set_password_hash(user->id, fresh);
    user->password_hash = fresh;
  }
  co_return std::move(*user);
}

boost::asio::awaitable<std::variant<store::UserRecord, AuthFailure>> IdentityService::check_refresh(
    std::string_view refresh_token) {
  auto verified = tokens_.verify(refresh_token, TokenType::refresh);
  if (auto* rejection = std::get_if<TokenRejection>(&verified)) {
    co_return *rejection == TokenRejection::wrong_type ? AuthFailure::wrong_type
                                                       : AuthFailure::invalid_token;
  }
  auto& token = std::get<VerifiedToken>(verified);
  auto revoked = co_await tokens_.is_revoked(token.jti);
  if (revoked) co_return AuthFailure::invalid_token;
  auto user = co_await token_user(token);
  co_return user;
}

boost::asio::awaitable<void> IdentityService::revoke_token(std::string_view token, TokenType type) {
  auto verified = tokens_.verify(token, type);
  if (auto* v = std::get_if<VerifiedToken>(&verified)) {
    co_await tokens_.revoke(v->jti, v->expires_at);
  }
}

boost::asio::awaitable<std::vector<store::UserRecord>> IdentityService::list_users(
    store::UserListFilter filter) {
  auto users = co_await users_.list(filter);
  co_return users;
}

boost::asio::awaitable<std::optional<store::UserRecord>> IdentityService::find_user(
    const std::string& uuid) {
  auto user = co_await users_.find_by_uuid(uuid);
  co_return user;
}

boost::asio::awaitable<std::variant<store::UserRecord, UpdateFailure>> IdentityService::update_user(
    const std::string& uuid, UserUpdate update) {
  store::UserPatch patch;
  patch.name = update.name;
  patch.email = update.email;
  patch.now = platform::Clock::instance().now_micros();
  if (update.password) {
    auto h = co_await hash_password(*update.password);
    patch.password_hash = std::move(h);
  }
  if (update.admin) {
    if (*update.admin)
      patch.add_roles.emplace_back(kAdminRole);
    else
      patch.remove_roles.emplace_back(kAdminRole);
  }
  bool found = true;
  bool email_taken = false;
  try {
    auto tx = co_await db_.begin();
    auto existing = co_await users_.find_by_uuid(*tx, uuid);
    if (existing) {
      co_await users_.update(*tx, existing->id, patch);
      co_await tx->commit();
    } else {
      found = false;
    }
  } catch (const store::DatabaseError& e) {
    if (!is_unique_violation_on(e, "email")) throw;
    email_taken = true;
  }
  if (!found) co_return UpdateFailure::not_found;
  if (email_taken) co_return UpdateFailure::email_taken;
  auto user = co_await users_.find_by_uuid(uuid);
  if (!user) co_return UpdateFailure::not_found;
  co_return std::move(*user);
}

boost::asio::awaitable<DeleteOutcome> IdentityService::delete_user(const std::string& uuid) {
  bool owns_content = false;
  bool removed = false;
  try {
    auto tx = co_await db_.begin();
    auto existing = co_await users_.find_by_uuid(*tx, uuid);
    if (existing) {
      removed = co_await users_.remove(*tx, existing->id);
      co_await tx->commit();
    }
  } catch (const store::DatabaseError& e) {
    // Content tables reference their creator with ON DELETE RESTRICT.
    if (e.kind() != store::DatabaseError::Kind::foreign_key_violation) throw;
    owns_content = true;
  }
  if (owns_content) co_return DeleteOutcome::owns_content;
  co_return removed ? DeleteOutcome::deleted : DeleteOutcome::not_found;
}

}  // namespace tandem::domain::identity
