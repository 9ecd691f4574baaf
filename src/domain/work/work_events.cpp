#include "domain/work/work_events.hpp"

#include <algorithm>

#include "platform/clock.hpp"

namespace tandem::domain::work {

namespace json = boost::json;

namespace {

// "event" and "type" carry the same name (the original's key and the WebSocket convention).
json::object header(std::string_view name) {
  json::object o;
  o["event"] = name;
  o["type"] = name;
  return o;
}

platform::Event finish(std::string_view channel, json::object payload, std::int64_t now) {
  payload["timestamp"] = platform::format_iso8601_micros(now);
  return platform::Event{std::string(channel), std::move(payload), {}};
}

json::value optional_value(const std::optional<std::string>& v) {
  if (v) return json::string(*v);
  return nullptr;
}

json::object task_header(std::string_view name, const store::TaskRecord& task) {
  auto o = header(name);
  o["task_id"] = task.uuid;
  o["task_title"] = task.title;
  return o;
}

}  // namespace

std::vector<std::string> recipients_of(const Audience& audience) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& uuid) {
    if (!uuid.empty() && std::find(out.begin(), out.end(), uuid) == out.end()) out.push_back(uuid);
  };
  for (const auto& a : audience.admins) add(a);
  add(audience.actor);
  for (const auto& m : audience.members) add(m);
  for (const auto& a : audience.assignees)
    if (a) add(*a);
  return out;
}

platform::Event task_created_event(const store::TaskRecord& task, const Actor& actor,
                                   std::int64_t now) {
  auto o = task_header("task_created", task);
  o["project_id"] = optional_value(task.project_uuid);
  o["assigned_to"] = optional_value(task.assignee_uuid);
  o["created_by"] = actor.uuid;
  return finish(kTaskChannel, std::move(o), now);
}

platform::Event task_updated_event(const store::TaskRecord& task, const Actor& actor,
                                   const std::optional<std::string>& old_status, std::int64_t now) {
  auto o = task_header("task_updated", task);
  o["project_id"] = optional_value(task.project_uuid);
  o["updated_by"] = actor.uuid;
  if (old_status) {
    json::object change;
    change["old"] = *old_status;
    change["new"] = task.status;
    o["status_changed"] = std::move(change);
  }
  return finish(kTaskChannel, std::move(o), now);
}

platform::Event task_deleted_event(const store::TaskRecord& task, const Actor& actor,
                                   std::int64_t now) {
  auto o = task_header("task_deleted", task);
  o["project_id"] = optional_value(task.project_uuid);
  o["deleted_by"] = actor.uuid;
  return finish(kTaskChannel, std::move(o), now);
}

platform::Event task_moved_event(const store::TaskRecord& task, const std::string& old_status,
                                 const Actor& actor, std::int64_t now) {
  auto o = task_header("task_moved", task);
  o["project_id"] = optional_value(task.project_uuid);
  o["old_status"] = old_status;
  o["new_status"] = task.status;
  o["moved_by"] = actor.uuid;
  return finish(kKanbanChannel, std::move(o), now);
}

namespace {
platform::Event project_event(std::string_view name, std::string_view actor_key,
                              const store::ProjectRecord& project, const Actor& actor,
                              std::int64_t now) {
  auto o = header(name);
  o["project_id"] = project.uuid;
  o["project_name"] = project.name;
  o[actor_key] = actor.uuid;
  return finish(kProjectChannel, std::move(o), now);
}
}  // namespace

platform::Event project_created_event(const store::ProjectRecord& project, const Actor& actor,
                                      std::int64_t now) {
  return project_event("project_created", "created_by", project, actor, now);
}

platform::Event project_updated_event(const store::ProjectRecord& project, const Actor& actor,
                                      std::int64_t now) {
  return project_event("project_updated", "updated_by", project, actor, now);
}

platform::Event project_deleted_event(const store::ProjectRecord& project, const Actor& actor,
                                      std::int64_t now) {
  return project_event("project_deleted", "deleted_by", project, actor, now);
}

void publish(platform::EventBus* bus, platform::Event event) {
  if (bus == nullptr) return;
  bus->publish(std::move(event));
}

}  // namespace tandem::domain::work
