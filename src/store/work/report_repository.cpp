#include "store/work/report_repository.hpp"

#include "store/db/columns.hpp"
#include "store/db/sql_builder.hpp"
#include "store/work/task_count_columns.hpp"

namespace tandem::store {

namespace {

struct ProjectTaskCounts {
  std::int64_t project_id = 0;
  TaskCounts counts;
};

// The same texts on both dialects.
const Columns<ProjectTaskCounts> kProjectColumns =
    Columns<ProjectTaskCounts>{{"p.id", &ProjectTaskCounts::project_id}}.with(
        &ProjectTaskCounts::counts, task_count_columns());
const Columns<AssigneeCounts> kAssigneeColumns = Columns<AssigneeCounts>{
    {"u.uuid", &AssigneeCounts::user_uuid},
    {"coalesce(u.name, '')", &AssigneeCounts::user_name},
    {"coalesce(sum(CASE WHEN t.priority = 'high' THEN 1 ELSE 0 END), 0)", &AssigneeCounts::high},
    {"coalesce(sum(CASE WHEN t.priority = 'medium' THEN 1 ELSE 0 END), 0)",
     &AssigneeCounts::medium},
    {"coalesce(sum(CASE WHEN t.priority = 'low' THEN 1 ELSE 0 END), 0)",
     &AssigneeCounts::low}}.with(&AssigneeCounts::by_status, task_count_columns());

const Statement kProjectCounts{
    "work_report_project_counts",
    "SELECT " + task_count_columns().list() + " FROM tasks t WHERE t.project_id = $1"};
const Statement kVisibleProjectCounts{
    "work_report_visible_project_counts",
    "SELECT " + kProjectColumns.list() +
        " FROM projects p LEFT JOIN tasks t ON t.project_id = p.id WHERE ($1 OR EXISTS (SELECT 1 "
        "FROM project_members m WHERE m.project_id = p.id AND m.user_id = $2)) GROUP BY p.id "
        "ORDER BY p.id LIMIT $3"};
const Statement kAssigneeCounts{
    "work_report_assignee_counts",
    "SELECT " + kAssigneeColumns.list() +
        " FROM users u LEFT JOIN tasks t ON t.assigned_to = u.id AND t.project_id IS NOT NULL "
        "GROUP BY u.id ORDER BY u.id"};

}  // namespace

boost::asio::awaitable<TaskCounts> ReportRepository::project_counts(std::int64_t project_id) {
  SqlParams params{project_id};
  auto rs = co_await db_.query(kProjectCounts, std::move(params));
  co_return task_count_columns().read(rs, 0);
}

boost::asio::awaitable<std::map<std::int64_t, TaskCounts>> ReportRepository::visible_project_counts(
    const ProjectVisibility& visibility, std::int64_t limit) {
  SqlParams params{visibility.all, visibility.member_id, limit};
  auto rs = co_await db_.query(kVisibleProjectCounts, std::move(params));
  std::map<std::int64_t, TaskCounts> out;
  for (auto& row : kProjectColumns.all(rs)) out[row.project_id] = row.counts;
  co_return out;
}

boost::asio::awaitable<std::vector<AssigneeCounts>> ReportRepository::assignee_counts() {
  SqlParams params;
  auto rs = co_await db_.query(kAssigneeCounts, std::move(params));
  co_return kAssigneeColumns.all(rs);
}

}  // namespace tandem::store
