#include "store/identity/user_repository.hpp"

#include "platform/text.hpp"
#include "platform/uuid.hpp"
#include "store/db/columns.hpp"
#include "store/db/record_query.hpp"
#include "store/db/repository_support.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {

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

// Roles are aggregated in the same statement, so loading a user stays one indexed query; both
// dialects list them in the order they were created. They are ordered by ur.role_id (equal to
// r.id by the join) because user_roles' primary key (user_id, role_id) already yields that order:
// SQLite reads it from the index instead of sorting into a temporary b-tree on every load. The
// alias keeps the driver from copying the whole subquery text as the column's name.
Columns<UserRecord> user_columns(const SqlDialect& d) {
  return {{"u.id", &UserRecord::id},
          {"u.uuid", &UserRecord::uuid},
          {"u.email", &UserRecord::email},
          {"u.username", &UserRecord::username},
          {"u.name", &UserRecord::name},
          {"u.first_name", &UserRecord::first_name},
          {"u.last_name", &UserRecord::last_name},
          {"u.display_name", &UserRecord::display_name},
          {"u.phone", &UserRecord::phone},
          {"u.profile_picture", &UserRecord::profile_picture},
          {"u.password_hash", &UserRecord::password_hash},
          {"u.metafields", &UserRecord::metafields},
          {"u.active", &UserRecord::active},
          {"u.created_at", &UserRecord::created_at},
          {"u.updated_at", &UserRecord::updated_at},
          {d.ordered_string_agg("r.name", '\x1f',
                                "FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
                                "WHERE ur.user_id = u.id",
                                "ur.role_id") +
               " AS roles",
           &UserRecord::roles, split_roles}};
}

struct UserStatements {
  explicit UserStatements(const SqlDialect& d)
      : columns(user_columns(d)),
        select("SELECT " + columns.list() + " FROM users u "),
        by_uuid("user_by_uuid", select + "WHERE u.uuid = " + d.uuid("$1")),
        by_id("user_by_id", select + "WHERE u.id = $1"),
        by_email("user_by_email", select + "WHERE lower(u.email) = lower($1)"),
        by_username("user_by_username", select + "WHERE u.username = $1"),
        list("user_list",
             select +
                 "WHERE ($1 = '' OR lower(coalesce(u.name, '')) LIKE $2 ESCAPE '\\' "
                 "OR lower(coalesce(u.email, '')) LIKE $2 ESCAPE '\\') "
                 "AND ($3 = '' OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = "
                 "ur.role_id WHERE ur.user_id = u.id AND lower(r.name) = lower($3))) "
                 "AND ($4 = '' OR NOT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = "
                 "ur.role_id WHERE ur.user_id = u.id AND lower(r.name) = lower($4))) "
                 "ORDER BY u.id LIMIT $5 OFFSET $6"),
        any_user("user_any", "SELECT 1 FROM users LIMIT 1"),
        lock_registrations("user_lock_registrations", d.advisory_xact_lock(7415925262001)),
        insert("user_insert",
               "INSERT INTO users (uuid, email, username, name, first_name, last_name, "
               "display_name, phone, profile_picture, password_hash, active, created_at, "
               "updated_at) VALUES (" +
                   d.uuid("$1") + ", $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) " +
                   d.returning("id")),
        update("user_update", "UPDATE users SET " +
                                  set_if_given({"email", "name", "password_hash", "active"}, 2) +
                                  ", updated_at = $10 WHERE id = $1"),
        set_password("user_set_password", "UPDATE users SET password_hash = $2 WHERE id = $1"),
        remove("user_delete", "DELETE FROM users WHERE id = $1"),
        find_role("role_find", "SELECT id FROM roles WHERE lower(name) = lower($1)"),
        insert_role(
            "role_insert",
            "INSERT INTO roles (name, key, created_at) VALUES ($1, $2, $3) " + d.returning("id")),
        grant_role("user_role_grant",
                   "INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2) "
                   "ON CONFLICT DO NOTHING"),
        revoke_role("user_role_revoke",
                    "DELETE FROM user_roles WHERE user_id = $1 AND role_id IN "
                    "(SELECT id FROM roles WHERE lower(name) = lower($2))") {}

  Columns<UserRecord> columns;
  std::string select;
  Statement by_uuid, by_id, by_email, by_username, list, any_user, lock_registrations, insert,
      update, set_password, remove, find_role, insert_role, grant_role, revoke_role;
};

const UserStatements& statements(Database& db) { return per_dialect<UserStatements>(db.dialect()); }

}  // namespace

bool UserRecord::has_role(std::string_view role) const {
  for (const auto& r : roles)
    if (platform::iequals(r, role)) return true;
  return false;
}

// The finders are not coroutines: first_record() binds the values before it returns, so each
// read costs the one coroutine frame that runs the query.
boost::asio::awaitable<std::optional<UserRecord>> UserRepository::find_by_uuid(
    const std::string& uuid) {
  const auto& sql = statements(db_);
  return first_record(db_, sql.by_uuid, sql.columns, uuid);
}

boost::asio::awaitable<std::optional<UserRecord>> UserRepository::find_by_uuid(
    Transaction& tx, const std::string& uuid) {
  const auto& sql = statements(db_);
  return first_record(tx, sql.by_uuid, sql.columns, uuid);
}

boost::asio::awaitable<std::optional<UserRecord>> UserRepository::find_by_id(std::int64_t id) {
  const auto& sql = statements(db_);
  return first_record(db_, sql.by_id, sql.columns, id);
}

boost::asio::awaitable<std::optional<UserRecord>> UserRepository::find_by_email(
    const std::string& email) {
  const auto& sql = statements(db_);
  return first_record(db_, sql.by_email, sql.columns, email);
}

boost::asio::awaitable<std::optional<UserRecord>> UserRepository::find_by_username(
    const std::string& username) {
  const auto& sql = statements(db_);
  return first_record(db_, sql.by_username, sql.columns, username);
}

boost::asio::awaitable<std::vector<UserRecord>> UserRepository::list(const UserListFilter& f) {
  const auto& sql = statements(db_);
  return all_records(db_, sql.list, sql.columns, f.search, like_contains(f.search), f.with_role,
                     f.without_role, f.limit, f.skip);
}

boost::asio::awaitable<bool> UserRepository::any_user_exists(Transaction& tx) {
  auto rs = co_await tx.query(statements(db_).any_user, store::SqlParams{});
  co_return !rs.empty();
}

boost::asio::awaitable<void> UserRepository::lock_registrations(Transaction& tx) {
  auto rs = co_await tx.query(statements(db_).lock_registrations, store::SqlParams{});
  (void)rs;
}

boost::asio::awaitable<std::int64_t> UserRepository::insert(Transaction& tx, const NewUser& u) {
  SqlParams params{u.uuid,
                   nullable(u.email),
                   nullable(u.username),
                   nullable(u.name),
                   nullable(u.first_name),
                   nullable(u.last_name),
                   nullable(u.display_name),
                   nullable(u.phone),
                   nullable(u.profile_picture),
                   nullable(u.password_hash),
                   u.active,
                   u.now};
  auto rs = co_await tx.query(statements(db_).insert, std::move(params));
  std::int64_t id = single_integer(rs);
  for (const auto& role : u.roles) co_await add_role(tx, id, role, u.now);
  co_return id;
}

boost::asio::awaitable<void> UserRepository::update(Transaction& tx, std::int64_t id,
                                                    const UserPatch& p) {
  SqlParams params{id};
  bind_patch(params, p.email, p.name, p.password_hash, p.active);
  params.emplace_back(p.now);
  auto rs = co_await tx.query(statements(db_).update, std::move(params));
  (void)rs;
  for (const auto& role : p.add_roles) co_await add_role(tx, id, role, p.now);
  for (const auto& role : p.remove_roles) co_await remove_role(tx, id, role);
}

boost::asio::awaitable<bool> UserRepository::remove(Transaction& tx, std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await tx.query(statements(db_).remove, std::move(params));
  co_return rs.affected_rows > 0;
}

boost::asio::awaitable<void> UserRepository::set_password_hash(std::int64_t id,
                                                               const std::string& hash) {
  SqlParams params{id, hash};
  auto rs = co_await db_.query(statements(db_).set_password, std::move(params));
  (void)rs;
}

boost::asio::awaitable<void> UserRepository::add_role(Transaction& tx, std::int64_t user_id,
                                                      const std::string& role, std::int64_t now) {
  SqlParams params{role};
  auto found = co_await tx.query(statements(db_).find_role, std::move(params));
  std::int64_t role_id = 0;
  if (found.empty()) {
    // A role made on the way gets the opaque key every role has (the schemes face's Role.key,
    // spec/beyo.md §1.1): random, so that it gives nothing away.
    SqlParams insert_params{role, platform::random_hex(16), now};
    auto inserted = co_await tx.query(statements(db_).insert_role, std::move(insert_params));
    role_id = single_integer(inserted);
  } else {
    role_id = single_integer(found);
  }
  SqlParams grant_params{user_id, role_id};
  auto granted = co_await tx.query(statements(db_).grant_role, std::move(grant_params));
  (void)granted;
}

boost::asio::awaitable<void> UserRepository::remove_role(Transaction& tx, std::int64_t user_id,
                                                         const std::string& role) {
  SqlParams params{user_id, role};
  auto rs = co_await tx.query(statements(db_).revoke_role, std::move(params));
  (void)rs;
}

}  // namespace tandem::store
