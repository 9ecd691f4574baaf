#pragma once
// v1 tasks: who may do what (spec/flowtrack.md §2.7), the activity log row of each change, and
// its event, stored with the change and published after commit.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/work/actor.hpp"
#include "platform/event_bus.hpp"
#include "store/events/event_repository.hpp"
#include "store/identity/user_repository.hpp"
#include "store/work/activity_repository.hpp"
#include "store/work/project_repository.hpp"
#include "store/work/task_repository.hpp"

namespace tandem::domain::work {

struct TaskInput {
  std::string title;
  std::optional<std::string> description;
  std::string priority = "medium";
  std::string status = "todo";
  std::optional<std::string> deadline;  // YYYY-MM-DD
  std::string project_uuid;
  std::optional<std::string> assignee_uuid;
};

// Set fields replace the stored ones; an inner nullopt clears the column.
struct TaskChanges {
  std::optional<std::string> title;
  std::optional<std::optional<std::string>> description;
  std::optional<std::string> priority;
  std::optional<std::string> status;
  std::optional<std::optional<std::string>> deadline;
  std::optional<std::optional<std::string>> assignee_uuid;
};

struct TaskQuery {
  std::optional<std::string> project_uuid;
  std::string status;    // a valid status or ""
  std::string priority;  // a valid priority or ""
  std::optional<std::string> assignee_uuid;
  std::int64_t skip = 0;
  std::int64_t limit = 100;
};

enum class TaskFailure {
  not_found_or_denied,  // missing, or the actor is neither admin nor assignee
  not_project_member,   // a non-admin creating a task outside their projects
  assignee_not_member,  // the assignee does not belong to the task's project
  project_not_found,    // an admin creating a task in a missing project
  reassign_forbidden    // a non-admin changing the assignee
};

class TaskService {
 public:
  TaskService(store::Database& db, platform::EventBus* events);

  boost::asio::awaitable<std::variant<store::TaskRecord, TaskFailure>> create(const Actor& actor,
                                                                              TaskInput input);
  // Admins see every project task, others the tasks assigned to them.
  boost::asio::awaitable<std::vector<store::TaskRecord>> list(const Actor& actor,
                                                              const TaskQuery& query);
  // Nullopt when missing or when the actor is neither admin nor the assignee.
  boost::asio::awaitable<std::optional<store::TaskRecord>> find_visible(const Actor& actor,
                                                                        const std::string& uuid);
  boost::asio::awaitable<std::variant<store::TaskRecord, TaskFailure>> update(
      const Actor& actor, const std::string& uuid, TaskChanges changes);
  boost::asio::awaitable<std::optional<TaskFailure>> remove(const Actor& actor,
                                                            const std::string& uuid);
  // Any transition, the same status included.
  boost::asio::awaitable<std::variant<store::TaskRecord, TaskFailure>> move(
      const Actor& actor, const std::string& uuid, const std::string& new_status);

 private:
  // The task when the actor may act on it (admin or assignee), read inside `tx`.
  boost::asio::awaitable<std::optional<store::TaskRecord>> find_for_change(store::Transaction& tx,
                                                                           const Actor& actor,
                                                                           const std::string& uuid);

  store::Database& db_;
  platform::EventBus* events_;
  store::TaskRepository tasks_;
  store::ProjectRepository projects_;
  store::UserRepository users_;
  store::ActivityRepository activity_;
  store::EventRepository stored_events_;  // the outbox
};

}  // namespace tandem::domain::work
