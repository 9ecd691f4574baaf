#pragma once
// The domain events of projects and tasks (spec/flowtrack.md §4.2, §4.3): their payloads, their
// channels and who receives them. Stored with the change (event_outbox.hpp), published after it
// has committed.

#include <optional>
#include <string>
#include <vector>

#include "domain/work/actor.hpp"
#include "platform/event_bus.hpp"
#include "store/work/project_repository.hpp"
#include "store/work/task_repository.hpp"

namespace tandem::domain::work {

inline constexpr std::string_view kTaskChannel = "task_updates";
inline constexpr std::string_view kKanbanChannel = "kanban_updates";
inline constexpr std::string_view kProjectChannel = "project_updates";

// Everyone a change concerns, before de-duplication.
struct Audience {
  std::vector<std::string> admins;
  std::string actor;
  std::vector<std::string> members;  // of the project involved (pre-deletion for deletions)
  std::vector<std::optional<std::string>> assignees;  // of the task, before and after
};

// Admins, then the actor, members and assignees; each user once, in that order.
std::vector<std::string> recipients_of(const Audience& audience);

platform::Event task_created_event(const store::TaskRecord& task, const Actor& actor,
                                   std::int64_t now);
// `old_status` is set only when the update changed the status.
platform::Event task_updated_event(const store::TaskRecord& task, const Actor& actor,
                                   const std::optional<std::string>& old_status, std::int64_t now);
platform::Event task_deleted_event(const store::TaskRecord& task, const Actor& actor,
                                   std::int64_t now);
platform::Event task_moved_event(const store::TaskRecord& task, const std::string& old_status,
                                 const Actor& actor, std::int64_t now);
platform::Event project_created_event(const store::ProjectRecord& project, const Actor& actor,
                                      std::int64_t now);
platform::Event project_updated_event(const store::ProjectRecord& project, const Actor& actor,
                                      std::int64_t now);
platform::Event project_deleted_event(const store::ProjectRecord& project, const Actor& actor,
                                      std::int64_t now);

// Publishes a stored event (record_event's result) on `bus` when there is one (CLI commands run
// without).
void publish(platform::EventBus* bus, platform::Event event);

}  // namespace tandem::domain::work
