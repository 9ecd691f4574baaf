#include "faces/v1/work_render.hpp"

#include "platform/clock.hpp"
#include "platform/json_build.hpp"

namespace tandem::faces::v1 {

namespace json = boost::json;
using platform::render_each;
using platform::value_or_null;

namespace {

std::string timestamp(std::int64_t micros) { return platform::format_iso8601_micros(micros); }

}  // namespace

json::object render_project(const store::ProjectRecord& p) {
  json::object o;
  o["name"] = p.name;
  o["description"] = value_or_null(p.description);
  o["deadline"] = value_or_null(p.deadline);
  o["id"] = p.uuid;
  o["status"] = p.status;
  o["created_by"] = p.creator_uuid;
  o["creator_name"] = p.creator_name;
  o["created_at"] = timestamp(p.created_at);
  o["updated_at"] = timestamp(p.updated_at);
  return o;
}

json::object render_task(const store::TaskRecord& t) {
  json::object o;
  o["title"] = t.title;
  o["description"] = value_or_null(t.description);
  o["priority"] = t.priority;
  o["status"] = t.status;
  o["deadline"] = value_or_null(t.deadline);
  o["id"] = t.uuid;
  o["project_id"] = value_or_null(t.project_uuid);
  o["assigned_to"] = value_or_null(t.assignee_uuid);
  o["assigned_to_name"] = value_or_null(t.assignee_name);
  o["created_at"] = timestamp(t.created_at);
  o["updated_at"] = timestamp(t.updated_at);
  o["created_by"] = t.creator_uuid;
  return o;
}

json::array render_tasks(const std::vector<store::TaskRecord>& tasks) {
  return render_each(tasks, render_task);
}

json::object render_member(const store::MemberRecord& m) {
  json::object o;
  o["id"] = m.uuid;
  o["name"] = m.name;
  o["email"] = value_or_null(m.email);
  return o;
}

void append_progress(json::object& out, const domain::work::Progress& progress,
                     EmptyPercentage empty) {
  const auto& c = progress.counts;
  out["total_tasks"] = c.total;
  out["completed_tasks"] = c.done;
  out["in_progress_tasks"] = c.in_progress;
  out["todo_tasks"] = c.todo;
  if (c.total == 0 && empty == EmptyPercentage::integer_zero)
    out["progress_percentage"] = 0;
  else
    out["progress_percentage"] = progress.percentage;
}

json::object render_project_report(const domain::work::ProjectProgress& report) {
  json::object o;
  o["project_id"] = report.project.uuid;
  o["project_name"] = report.project.name;
  append_progress(o, report.progress, EmptyPercentage::float_zero);
  return o;
}

json::object render_team_performance(const domain::work::TeamPerformanceRow& row) {
  const auto& c = row.counts.by_status;
  json::object o;
  o["user_id"] = row.counts.user_uuid;
  o["user_name"] = row.counts.user_name;
  o["total_tasks"] = c.total;
  o["completed_tasks"] = c.done;
  o["in_progress_tasks"] = c.in_progress;
  o["todo_tasks"] = c.todo;
  o["completion_rate"] = row.completion_rate;
  return o;
}

json::object render_workload(const store::AssigneeCounts& row) {
  json::object o;
  o["user_id"] = row.user_uuid;
  o["user_name"] = row.user_name;
  o["assigned_tasks"] = row.by_status.total;
  o["high_priority_tasks"] = row.high;
  o["medium_priority_tasks"] = row.medium;
  o["low_priority_tasks"] = row.low;
  return o;
}

json::object render_dashboard(const domain::work::Dashboard& d) {
  json::object o;
  o["projects"] = render_each(d.projects, render_project);
  o["tasks"] = render_tasks(d.tasks);
  json::object stats;
  stats["total_projects"] = d.total_projects;
  stats["total_tasks"] = d.task_counts.total;
  stats["completed_tasks"] = d.task_counts.done;
  stats["in_progress_tasks"] = d.task_counts.in_progress;
  stats["todo_tasks"] = d.task_counts.todo;
  o["stats"] = std::move(stats);
  o["recent_tasks"] = render_tasks(d.recent_tasks);
  o["project_progress"] = render_each(d.project_progress, render_project_report);
  json::array notifications;
  notifications.reserve(d.notifications.size());
  for (const auto& n : d.notifications) {
    json::object row;
    row["id"] = n.uuid;
    row["user_id"] = n.user_uuid;
    row["action"] = n.action;
    row["timestamp"] = timestamp(n.timestamp);
    notifications.push_back(std::move(row));
  }
  o["notifications"] = std::move(notifications);
  return o;
}

}  // namespace tandem::faces::v1
