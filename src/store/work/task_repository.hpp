#pragma once
// Tasks: one table for v1 tasks (always in a project) and TeamFlow tasks (no project).

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

struct TaskRecord {
  std::int64_t id = 0;
  std::string uuid;
  std::string title;
  std::optional<std::string> description;
  std::string priority;                 // low | medium | high
  std::string status;                   // todo | in_progress | done
  std::optional<std::string> deadline;  // YYYY-MM-DD
  std::optional<std::int64_t> project_id;
  std::optional<std::string> project_uuid;
  std::optional<std::int64_t> assigned_to;
  std::optional<std::string> assignee_uuid;
  std::optional<std::string> assignee_name;  // the assignee's current name
  std::int64_t created_by = 0;
  std::string creator_uuid;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct NewTask {
  std::string uuid;
  std::optional<std::int64_t> project_id;
  std::string title;
  std::optional<std::string> description;
  std::string priority = "medium";
  std::string status = "todo";
  std::optional<std::string> deadline;
  std::optional<std::int64_t> assigned_to;
  std::int64_t created_by = 0;
  std::int64_t now = 0;
};

// Each optional that is set replaces the column; the inner optional may clear it.
struct TaskPatch {
  std::optional<std::string> title;
  std::optional<std::optional<std::string>> description;
  std::optional<std::string> priority;
  std::optional<std::string> status;
  std::optional<std::optional<std::string>> deadline;
  std::optional<std::optional<std::int64_t>> assigned_to;
  std::int64_t now = 0;
};

// Which project tasks a caller sees: all (admins) or those assigned to them.
struct TaskVisibility {
  bool all = false;
  std::int64_t assignee_id = 0;
};

struct TaskListFilter {
  TaskVisibility visibility;
  std::optional<std::string> project_uuid;
  std::string status;    // "" = any
  std::string priority;  // "" = any
  std::optional<std::string> assignee_uuid;
  std::int64_t skip = 0;
  std::int64_t limit = 100;
};

struct TaskCounts {
  std::int64_t total = 0;
  std::int64_t done = 0;
  std::int64_t in_progress = 0;
  std::int64_t todo = 0;
};

class TaskRepository {
 public:
  explicit TaskRepository(Database& db) : db_(db) {}

  boost::asio::awaitable<std::optional<TaskRecord>> find(const std::string& uuid,
                                                         Transaction* tx = nullptr);
  // Tasks that belong to a project, in insertion order.
  boost::asio::awaitable<std::vector<TaskRecord>> list(const TaskListFilter& filter);
  // The newest visible project tasks first.
  boost::asio::awaitable<std::vector<TaskRecord>> recent(const TaskVisibility& visibility,
                                                         std::int64_t limit);
  boost::asio::awaitable<TaskCounts> count_visible(const TaskVisibility& visibility);

  boost::asio::awaitable<std::int64_t> insert(Transaction& tx, const NewTask& task);
  boost::asio::awaitable<void> update(Transaction& tx, std::int64_t id, const TaskPatch& patch);
  boost::asio::awaitable<void> remove(Transaction& tx, std::int64_t id);

 private:
  Database& db_;
};

}  // namespace tandem::store
