#pragma once
// Users and their roles, shared by every face. Each face renders its own view of a UserRecord.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

// The descriptive columns; each face shows its own subset.
struct UserProfile {
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::optional<std::string> name;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> display_name;
  std::optional<std::string> phone;
  std::optional<std::string> profile_picture;
};

struct UserRecord : UserProfile {
  std::int64_t id = 0;
  std::string uuid;
  std::optional<std::string> password_hash;
  std::optional<std::string> metafields;  // JSON text
  bool active = true;
  std::vector<std::string> roles;  // as spelled at creation
  std::int64_t created_at = 0;     // microseconds since the epoch, UTC
  std::int64_t updated_at = 0;

  bool has_role(std::string_view role) const;  // case-insensitive
};

struct NewUser : UserProfile {
  std::string uuid;
  std::optional<std::string> password_hash;
  bool active = true;
  std::vector<std::string> roles;
  std::int64_t now = 0;
};

// Only the fields that are set change.
struct UserPatch {
  std::optional<std::string> email;
  std::optional<std::string> name;
  std::optional<std::string> password_hash;
  std::optional<bool> active;
  std::vector<std::string> add_roles;
  std::vector<std::string> remove_roles;
  std::int64_t now = 0;
};

struct UserListFilter {
  std::int64_t skip = 0;
  std::int64_t limit = 100;
  std::string search;        // substring of name or email, case-insensitive, literal; "" = all
  std::string with_role;     // "" = any
  std::string without_role;  // "" = none excluded
};

class UserRepository {
 public:
  explicit UserRepository(Database& db) : db_(db) {}

  boost::asio::awaitable<std::optional<UserRecord>> find_by_uuid(const std::string& uuid);
  boost::asio::awaitable<std::optional<UserRecord>> find_by_id(std::int64_t id);
  boost::asio::awaitable<std::optional<UserRecord>> find_by_email(const std::string& email);
  boost::asio::awaitable<std::optional<UserRecord>> find_by_username(const std::string& username);
  boost::asio::awaitable<std::vector<UserRecord>> list(const UserListFilter& filter);

  boost::asio::awaitable<std::optional<UserRecord>> find_by_uuid(Transaction& tx,
                                                                 const std::string& uuid);
  boost::asio::awaitable<bool> any_user_exists(Transaction& tx);
  // Serialises "is this the first user?" decisions between concurrent registrations.
  boost::asio::awaitable<void> lock_registrations(Transaction& tx);
  // Throws DatabaseError(unique_violation) for a taken email or username.
  boost::asio::awaitable<std::int64_t> insert(Transaction& tx, const NewUser& user);
  boost::asio::awaitable<void> update(Transaction& tx, std::int64_t id, const UserPatch& patch);
  // Throws DatabaseError(foreign_key_violation) when the user still owns content.
  boost::asio::awaitable<bool> remove(Transaction& tx, std::int64_t id);
  boost::asio::awaitable<void> set_password_hash(std::int64_t id, const std::string& hash);

 private:
  boost::asio::awaitable<void> add_role(Transaction& tx, std::int64_t user_id,
                                        const std::string& role, std::int64_t now);
  boost::asio::awaitable<void> remove_role(Transaction& tx, std::int64_t user_id,
                                           const std::string& role);
  Database& db_;
};

}  // namespace tandem::store
