#include "domain/work/task_service.hpp"

#include "domain/work/audience.hpp"
#include "domain/work/event_outbox.hpp"
#include "domain/work/work_events.hpp"
#include "platform/clock.hpp"
#include "platform/uuid.hpp"

namespace tandem::domain::work {

namespace {

bool may_act_on(const Actor& actor, const store::TaskRecord& task) {
  return actor.admin || (task.assigned_to && *task.assigned_to == actor.id);
}

}  // namespace

TaskService::TaskService(store::Database& db, platform::EventBus* events)
    : db_(db),
      events_(events),
      tasks_(db),
      projects_(db),
      users_(db),
      activity_(db),
      stored_events_(db) {}

boost::asio::awaitable<std::optional<store::TaskRecord>> TaskService::find_for_change(
    store::Transaction& tx, const Actor& actor, const std::string& uuid) {
  auto task = co_await tasks_.find(uuid, &tx);
  // Tasks without a project are TeamFlow's and do not exist for this API.
  if (!task || !task->project_id || !may_act_on(actor, *task)) co_return std::nullopt;
  co_return task;
}

boost::asio::awaitable<std::variant<store::TaskRecord, TaskFailure>> TaskService::create(
    const Actor& actor, TaskInput input) {
  std::int64_t now = platform::Clock::instance().now_micros();
  auto tx = co_await db_.begin();
  auto project = co_await projects_.find(input.project_uuid, tx.get());
  // The original's order: membership of the caller, then of the assignee, then existence.
  if (!actor.admin) {
    bool member = false;
    if (project) {
      auto is_member = co_await projects_.is_member(project->id, actor.id, tx.get());
      member = is_member;
    }
    if (!member) co_return TaskFailure::not_project_member;
  }
  std::optional<std::int64_t> assignee_id;
  if (input.assignee_uuid) {
    auto assignee = co_await users_.find_by_uuid(*tx, *input.assignee_uuid);
    bool member = false;
    if (assignee && project) {
      auto is_member = co_await projects_.is_member(project->id, assignee->id, tx.get());
      member = is_member;
    }
    if (!member) co_return TaskFailure::assignee_not_member;
    assignee_id = assignee->id;
  }
  if (!project) co_return TaskFailure::project_not_found;

  store::NewTask row;
  row.uuid = platform::new_uuid_v4();
  row.project_id = project->id;
  row.title = std::move(input.title);
  row.description = std::move(input.description);
  row.priority = std::move(input.priority);
  row.status = std::move(input.status);
  row.deadline = std::move(input.deadline);
  row.assigned_to = assignee_id;
  row.created_by = actor.id;
  row.now = now;
  auto id = co_await tasks_.insert(*tx, row);
  (void)id;
  std::string action = "created task: " + row.title;
  co_await activity_.insert(*tx, actor.id, action, now);
  auto created = co_await tasks_.find(row.uuid, tx.get());
  auto audience = co_await gather_audience(*tx, actor, project->id);
  audience.assignees.push_back(created->assignee_uuid);
  auto change_event = task_created_event(*created, actor, now);
  auto event = co_await record_event(stored_events_, *tx, std::move(change_event), audience, now);
  co_await tx->commit();
  publish(events_, std::move(event));
  co_return std::move(*created);
}

boost::asio::awaitable<std::vector<store::TaskRecord>> TaskService::list(const Actor& actor,
                                                                         const TaskQuery& query) {
  store::TaskListFilter filter;
  filter.visibility = store::TaskVisibility{actor.admin, actor.id};
  filter.project_uuid = query.project_uuid;
  filter.status = query.status;
  filter.priority = query.priority;
  filter.assignee_uuid = query.assignee_uuid;
  filter.skip = query.skip;
  filter.limit = query.limit;
  auto found = co_await tasks_.list(filter);
  co_return found;
}

boost::asio::awaitable<std::optional<store::TaskRecord>> TaskService::find_visible(
    const Actor& actor, const std::string& uuid) {
  auto task = co_await tasks_.find(uuid);
  if (!task || !task->project_id || !may_act_on(actor, *task)) co_return std::nullopt;
  co_return task;
}

boost::asio::awaitable<std::variant<store::TaskRecord, TaskFailure>> TaskService::update(
    const Actor& actor, const std::string& uuid, TaskChanges changes) {
  std::int64_t now = platform::Clock::instance().now_micros();
  auto tx = co_await db_.begin();
  auto task = co_await find_for_change(*tx, actor, uuid);
  if (!task) co_return TaskFailure::not_found_or_denied;

  store::TaskPatch patch;
  if (changes.assignee_uuid && *changes.assignee_uuid != task->assignee_uuid) {
    // Any change of assignee, unassigning included, is an admin's (a fix: the original let an
    // assignee unassign themselves).
    if (!actor.admin) co_return TaskFailure::reassign_forbidden;
    const auto& new_assignee = *changes.assignee_uuid;
    if (new_assignee) {
      auto user = co_await users_.find_by_uuid(*tx, *new_assignee);
      bool member = false;
      if (user) {
        auto is_member = co_await projects_.is_member(*task->project_id, user->id, tx.get());
        member = is_member;
      }
      if (!member) co_return TaskFailure::assignee_not_member;
      patch.assigned_to = std::optional<std::int64_t>(user->id);
    } else {
      patch.assigned_to = std::optional<std::int64_t>();
    }
  }
  patch.title = std::move(changes.title);
  patch.description = std::move(changes.description);
  patch.priority = std::move(changes.priority);
  patch.status = std::move(changes.status);
  patch.deadline = std::move(changes.deadline);
  patch.now = now;
  co_await tasks_.update(*tx, task->id, patch);
  auto updated = co_await tasks_.find(uuid, tx.get());
  std::string action = "updated task: " + updated->title;
  co_await activity_.insert(*tx, actor.id, action, now);
  auto audience = co_await gather_audience(*tx, actor, task->project_id);
  audience.assignees.push_back(task->assignee_uuid);
  audience.assignees.push_back(updated->assignee_uuid);
  std::optional<std::string> old_status;
  if (updated->status != task->status) old_status = task->status;
  auto change_event = task_updated_event(*updated, actor, old_status, now);
  auto event = co_await record_event(stored_events_, *tx, std::move(change_event), audience, now);
  co_await tx->commit();
  publish(events_, std::move(event));
  co_return std::move(*updated);
}

boost::asio::awaitable<std::optional<TaskFailure>> TaskService::remove(const Actor& actor,
                                                                       const std::string& uuid) {
  std::int64_t now = platform::Clock::instance().now_micros();
  auto tx = co_await db_.begin();
  auto task = co_await find_for_change(*tx, actor, uuid);
  if (!task) co_return TaskFailure::not_found_or_denied;
  co_await tasks_.remove(*tx, task->id);
  std::string action = "deleted task: " + task->title;
  co_await activity_.insert(*tx, actor.id, action, now);
  auto audience = co_await gather_audience(*tx, actor, task->project_id);
  audience.assignees.push_back(task->assignee_uuid);
  auto change_event = task_deleted_event(*task, actor, now);
  auto event = co_await record_event(stored_events_, *tx, std::move(change_event), audience, now);
  co_await tx->commit();
  publish(events_, std::move(event));
  co_return std::nullopt;
}

boost::asio::awaitable<std::variant<store::TaskRecord, TaskFailure>> TaskService::move(
    const Actor& actor, const std::string& uuid, const std::string& new_status) {
  std::int64_t now = platform::Clock::instance().now_micros();
  auto tx = co_await db_.begin();
  auto task = co_await find_for_change(*tx, actor, uuid);
  if (!task) co_return TaskFailure::not_found_or_denied;
  store::TaskPatch patch;
  patch.status = new_status;
  patch.now = now;
  co_await tasks_.update(*tx, task->id, patch);
  auto moved = co_await tasks_.find(uuid, tx.get());
  std::string action =
      "moved task '" + task->title + "' from " + task->status + " to " + new_status;
  co_await activity_.insert(*tx, actor.id, action, now);
  auto audience = co_await gather_audience(*tx, actor, task->project_id);
  audience.assignees.push_back(task->assignee_uuid);
  auto change_event = task_moved_event(*moved, task->status, actor, now);
  auto event = co_await record_event(stored_events_, *tx, std::move(change_event), audience, now);
  co_await tx->commit();
  publish(events_, std::move(event));
  co_return std::move(*moved);
}

}  // namespace tandem::domain::work
