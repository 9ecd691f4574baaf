#pragma once
// Projects and their members (the work module's tables, spec/flowtrack.md §1.4).

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

struct ProjectRecord {
  std::int64_t id = 0;
  std::string uuid;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> deadline;  // YYYY-MM-DD
  std::string status;                   // pending | in_progress | completed
  std::int64_t created_by = 0;
  std::string creator_uuid;
  std::string creator_name;  // the creator's current name
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct NewProject {
  std::string uuid;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> deadline;
  std::int64_t created_by = 0;
  std::int64_t now = 0;
};

// Each optional that is set replaces the column; the inner optional may clear it.
struct ProjectPatch {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> description;
  std::optional<std::optional<std::string>> deadline;
  std::optional<std::string> status;
  std::int64_t now = 0;
};

// Which projects a caller sees: all (admins) or those they are a member of.
struct ProjectVisibility {
  bool all = false;
  std::int64_t member_id = 0;
};

struct ProjectListFilter {
  ProjectVisibility visibility;
  std::string status;  // "" = any
  std::string query;   // substring of name or description, case-insensitive, literal; "" = all
  std::int64_t skip = 0;
  std::int64_t limit = 100;
};

struct MemberRecord {
  std::string uuid;
  std::string name;
  std::optional<std::string> email;
};

class ProjectRepository {
 public:
  explicit ProjectRepository(Database& db) : db_(db) {}

  boost::asio::awaitable<std::optional<ProjectRecord>> find(const std::string& uuid,
                                                            Transaction* tx = nullptr);
  // In insertion order.
  boost::asio::awaitable<std::vector<ProjectRecord>> list(const ProjectListFilter& filter);
  boost::asio::awaitable<std::int64_t> count_visible(const ProjectVisibility& visibility);

  boost::asio::awaitable<std::int64_t> insert(Transaction& tx, const NewProject& project);
  boost::asio::awaitable<void> update(Transaction& tx, std::int64_t id, const ProjectPatch& patch);
  // Its tasks and memberships go with it (ON DELETE CASCADE).
  boost::asio::awaitable<void> remove(Transaction& tx, std::int64_t id);

  boost::asio::awaitable<bool> is_member(std::int64_t project_id, std::int64_t user_id,
                                         Transaction* tx = nullptr);
  // False when the user already was (or was not) a member.
  boost::asio::awaitable<bool> add_member(Transaction& tx, std::int64_t project_id,
                                          std::int64_t user_id);
  boost::asio::awaitable<bool> remove_member(Transaction& tx, std::int64_t project_id,
                                             std::int64_t user_id);
  // In the order they were added; `search` matches name or email like ProjectListFilter::query.
  boost::asio::awaitable<std::vector<MemberRecord>> members(std::int64_t project_id,
                                                            const std::string& search);

 private:
  Database& db_;
};

}  // namespace tandem::store
