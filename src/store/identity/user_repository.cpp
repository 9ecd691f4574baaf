#include "store/identity/user_repository.hpp"

#include "platform/text.hpp"

namespace tandem::store {

namespace {

// Roles are aggregated in the same statement, so loading a user stays one indexed query.
#define TANDEM_USER_COLUMNS                                                                \
  "u.id, u.uuid, u.email, u.username, u.name, u.first_name, u.last_name, u.display_name, " \
  "u.phone, u.profile_picture, u.password_hash, u.metafields, u.active, u.created_at, "    \
  "u.updated_at, "
#define TANDEM_USER_SELECT_PG                                                             \
  "SELECT " TANDEM_USER_COLUMNS                                                           \
  "(SELECT string_agg(r.name, chr(31) ORDER BY r.id) FROM user_roles ur JOIN roles r ON " \
  "r.id = ur.role_id WHERE ur.user_id = u.id) AS roles FROM users u "
#define TANDEM_USER_SELECT_SQLITE                                              \
  "SELECT " TANDEM_USER_COLUMNS                                                \
  "(SELECT group_concat(r.name, char(31)) FROM user_roles ur JOIN roles r ON " \
  "r.id = ur.role_id WHERE ur.user_id = u.id) AS roles FROM users u "

constexpr Sql kByUuid{"user_by_uuid", TANDEM_USER_SELECT_PG "WHERE u.uuid = $1::uuid",
                      TANDEM_USER_SELECT_SQLITE "WHERE u.uuid = $1"};
constexpr Sql kById{"user_by_id", TANDEM_USER_SELECT_PG "WHERE u.id = $1",
                    TANDEM_USER_SELECT_SQLITE "WHERE u.id = $1"};
constexpr Sql kByEmail{"user_by_email", TANDEM_USER_SELECT_PG "WHERE lower(u.email) = lower($1)",
                       TANDEM_USER_SELECT_SQLITE "WHERE lower(u.email) = lower($1)"};
constexpr Sql kByUsername{"user_by_username", TANDEM_USER_SELECT_PG "WHERE u.username = $1",
                          TANDEM_USER_SELECT_SQLITE "WHERE u.username = $1"};

#define TANDEM_USER_LIST_WHERE                                                                 \
  "WHERE ($1 = '' OR lower(coalesce(u.name, '')) LIKE $2 ESCAPE '\\' "                         \
  "OR lower(coalesce(u.email, '')) LIKE $2 ESCAPE '\\') "                                      \
  "AND ($3 = '' OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id "     \
  "WHERE ur.user_id = u.id AND lower(r.name) = lower($3))) "                                   \
  "AND ($4 = '' OR NOT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id " \
  "WHERE ur.user_id = u.id AND lower(r.name) = lower($4))) "                                   \
  "ORDER BY u.id LIMIT $5 OFFSET $6"
constexpr Sql kList{"user_list", TANDEM_USER_SELECT_PG TANDEM_USER_LIST_WHERE,
                    TANDEM_USER_SELECT_SQLITE TANDEM_USER_LIST_WHERE};

constexpr Sql kAnyUser{"user_any", "SELECT 1 FROM users LIMIT 1"};
constexpr Sql kLockRegistrations{"user_lock_registrations",
                                 "SELECT pg_advisory_xact_lock(7415925262001)",
                                 // SQLite's single writer already serialises registrations.
                                 "SELECT 1"};
constexpr Sql kInsert{
    "user_insert",
    "INSERT INTO users (uuid, email, username, name, first_name, last_name, display_name, phone, "
    "profile_picture, password_hash, active, created_at, updated_at) VALUES ($1::uuid, $2, $3, "
    "$4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    "INSERT INTO users (uuid, email, username, name, first_name, last_name, display_name, phone, "
    "profile_picture, password_hash, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
    "$6, $7, $8, $9, $10, $11, $12, $12) RETURNING id"};
constexpr Sql kUpdate{
    "user_update",
    "UPDATE users SET email = CASE WHEN $2 THEN $3 ELSE email END, "
    "name = CASE WHEN $4 THEN $5 ELSE name END, "
    "password_hash = CASE WHEN $6 THEN $7 ELSE password_hash END, "
    "active = CASE WHEN $8 THEN $9 ELSE active END, updated_at = $10 WHERE id = $1"};
constexpr Sql kSetPassword{"user_set_password",
                           "UPDATE users SET password_hash = $2 WHERE id = $1"};
constexpr Sql kDelete{"user_delete", "DELETE FROM users WHERE id = $1"};
constexpr Sql kFindRole{"role_find", "SELECT id FROM roles WHERE lower(name) = lower($1)"};
constexpr Sql kInsertRole{"role_insert",
                          "INSERT INTO roles (name, created_at) VALUES ($1, $2) RETURNING id"};
constexpr Sql kGrantRole{"user_role_grant",
                         "INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2) "
                         "ON CONFLICT DO NOTHING"};
constexpr Sql kRevokeRole{"user_role_revoke",
                          "DELETE FROM user_roles WHERE user_id = $1 AND role_id IN "
                          "(SELECT id FROM roles WHERE lower(name) = lower($2))"};

SqlValue opt(const std::optional<std::string>& v) {
  if (v) return *v;
  return nullptr;
}

std::vector<std::string> split_roles(const std::optional<std::string>& joined) {
  std::vector<std::string> out;
  if (!joined || joined->empty()) return out;
  std::size_t start = 0;
  for (;;) {
    auto sep = joined->find('\x1f', start);
    out.push_back(joined->substr(start, sep - start));
    if (sep == std::string::npos) break;
    start = sep + 1;
  }
  return out;
}

UserRecord read_user(const ResultSet& rs, std::size_t r) {
  UserRecord u;
  u.id = rs.integer(r, 0);
  u.uuid = rs.text(r, 1);
  u.email = rs.optional_text(r, 2);
  u.username = rs.optional_text(r, 3);
  u.name = rs.optional_text(r, 4);
  u.first_name = rs.optional_text(r, 5);
  u.last_name = rs.optional_text(r, 6);
  u.display_name = rs.optional_text(r, 7);
  u.phone = rs.optional_text(r, 8);
  u.profile_picture = rs.optional_text(r, 9);
  u.password_hash = rs.optional_text(r, 10);
  u.metafields = rs.optional_text(r, 11);
  u.active = rs.boolean(r, 12);
  u.created_at = rs.integer(r, 13);
  u.updated_at = rs.integer(r, 14);
  u.roles = split_roles(rs.optional_text(r, 15));
  return u;
}

std::optional<UserRecord> first_user(const ResultSet& rs) {
  if (rs.empty()) return std::nullopt;
  return read_user(rs, 0);
}

// LIKE pattern that matches `needle` literally, lower-cased, anywhere.
std::string contains_pattern(const std::string& needle) {
  std::string p = "%";
  for (char c : needle) {
    if (c == '%' || c == '_' || c == '\\') p.push_back('\\');
    p.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  p.push_back('%');
  return p;
}

}  // namespace

bool UserRecord::has_role(std::string_view role) const {
  for (const auto& r : roles)
    if (platform::iequals(r, role)) return true;
  return false;
}

boost::asio::awaitable<std::optional<UserRecord>> UserRepository::find_by_uuid(
    const std::string& uuid) {
  SqlParams params{uuid};
  auto rs = co_await db_.query(kByUuid, std::move(params));
  co_return first_user(rs);
}

boost::asio::awaitable<std::optional<UserRecord>> UserRepository::find_by_uuid(
    Transaction& tx, const std::string& uuid) {
  SqlParams params{uuid};
  auto rs = co_await tx.query(kByUuid, std::move(params));
  co_return first_user(rs);
}

boost::asio::awaitable<std::optional<UserRecord>> UserRepository::find_by_id(std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await db_.query(kById, std::move(params));
  co_return first_user(rs);
}

boost::asio::awaitable<std::optional<UserRecord>> UserRepository::find_by_email(
    const std::string& email) {
  SqlParams params{email};
  auto rs = co_await db_.query(kByEmail, std::move(params));
  co_return first_user(rs);
}

boost::asio::awaitable<std::optional<UserRecord>> UserRepository::find_by_username(
    const std::string& username) {
  SqlParams params{username};
  auto rs = co_await db_.query(kByUsername, std::move(params));
  co_return first_user(rs);
}

boost::asio::awaitable<std::vector<UserRecord>> UserRepository::list(const UserListFilter& f) {
  SqlParams params{f.search, contains_pattern(f.search), f.with_role, f.without_role, f.limit,
                   f.skip};
  auto rs = co_await db_.query(kList, std::move(params));
  std::vector<UserRecord> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r) out.push_back(read_user(rs, r));
  co_return out;
}

boost::asio::awaitable<bool> UserRepository::any_user_exists(Transaction& tx) {
  auto rs = co_await tx.query(kAnyUser, store::SqlParams{});
  co_return !rs.empty();
}

boost::asio::awaitable<void> UserRepository::lock_registrations(Transaction& tx) {
  auto rs = co_await tx.query(kLockRegistrations, store::SqlParams{});
  (void)rs;
}

boost::asio::awaitable<std::int64_t> UserRepository::insert(Transaction& tx, const NewUser& u) {
  SqlParams params{u.uuid,
                   opt(u.email),
                   opt(u.username),
                   opt(u.name),
                   opt(u.first_name),
                   opt(u.last_name),
                   opt(u.display_name),
                   opt(u.phone),
                   opt(u.profile_picture),
                   opt(u.password_hash),
                   u.active,
                   u.now};
  auto rs = co_await tx.query(kInsert, std::move(params));
  std::int64_t id = rs.integer(0, 0);
  for (const auto& role : u.roles) co_await add_role(tx, id, role, u.now);
  co_return id;
}

boost::asio::awaitable<void> UserRepository::update(Transaction& tx, std::int64_t id,
                                                    const UserPatch& p) {
  SqlParams params{id,
                   p.email.has_value(),
                   opt(p.email),
                   p.name.has_value(),
                   opt(p.name),
                   p.password_hash.has_value(),
                   opt(p.password_hash),
                   p.active.has_value(),
                   p.active.value_or(true),
                   p.now};
  auto rs = co_await tx.query(kUpdate, std::move(params));
  (void)rs;
  for (const auto& role : p.add_roles) co_await add_role(tx, id, role, p.now);
  for (const auto& role : p.remove_roles) co_await remove_role(tx, id, role);
}

boost::asio::awaitable<bool> UserRepository::remove(Transaction& tx, std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await tx.query(kDelete, std::move(params));
  co_return rs.affected_rows > 0;
}

boost::asio::awaitable<void> UserRepository::set_password_hash(std::int64_t id,
                                                               const std::string& hash) {
  SqlParams params{id, hash};
  auto rs = co_await db_.query(kSetPassword, std::move(params));
  (void)rs;
}

boost::asio::awaitable<void> UserRepository::add_role(Transaction& tx, std::int64_t user_id,
                                                      const std::string& role, std::int64_t now) {
  SqlParams params{role};
  auto found = co_await tx.query(kFindRole, std::move(params));
  std::int64_t role_id = 0;
  if (found.empty()) {
    SqlParams insert_params{role, now};
    auto inserted = co_await tx.query(kInsertRole, std::move(insert_params));
    role_id = inserted.integer(0, 0);
  } else {
    role_id = found.integer(0, 0);
  }
  SqlParams grant_params{user_id, role_id};
  auto granted = co_await tx.query(kGrantRole, std::move(grant_params));
  (void)granted;
}

boost::asio::awaitable<void> UserRepository::remove_role(Transaction& tx, std::int64_t user_id,
                                                         const std::string& role) {
  SqlParams params{user_id, role};
  auto rs = co_await tx.query(kRevokeRole, std::move(params));
  (void)rs;
}

}  // namespace tandem::store
