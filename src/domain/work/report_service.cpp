#include "domain/work/report_service.hpp"

namespace tandem::domain::work {

namespace {
constexpr std::int64_t kDashboardListLimit = 100;
constexpr std::int64_t kRecentTaskCount = 5;
constexpr std::int64_t kNotificationCount = 10;
}  // namespace

ReportService::ReportService(store::Database& db, ProjectService& projects)
    : projects_(projects), project_rows_(db), tasks_(db), reports_(db), activity_(db) {}

boost::asio::awaitable<std::optional<ProjectProgress>> ReportService::project_progress(
    const Actor& actor, const std::string& project_uuid) {
  auto project = co_await projects_.find_visible(actor, project_uuid);
  if (!project) co_return std::nullopt;
  auto counts = co_await reports_.project_counts(project->id);
  co_return ProjectProgress{std::move(*project), progress_of(counts)};
}

boost::asio::awaitable<std::variant<std::vector<TeamPerformanceRow>, ReportFailure>>
ReportService::team_performance(const Actor& actor) {
  if (!actor.admin) co_return ReportFailure::not_admin;
  auto rows = co_await reports_.assignee_counts();
  std::vector<TeamPerformanceRow> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    double rate = rounded_percentage(row.by_status.done, row.by_status.total);
    out.push_back(TeamPerformanceRow{std::move(row), rate});
  }
  co_return out;
}

boost::asio::awaitable<std::variant<std::vector<store::AssigneeCounts>, ReportFailure>>
ReportService::workload(const Actor& actor) {
  if (!actor.admin) co_return ReportFailure::not_admin;
  auto rows = co_await reports_.assignee_counts();
  co_return rows;
}

boost::asio::awaitable<Dashboard> ReportService::dashboard(const Actor& actor) {
  Dashboard d;
  store::ProjectListFilter project_filter;
  project_filter.visibility = store::ProjectVisibility{actor.admin, actor.id};
  project_filter.limit = kDashboardListLimit;
  auto projects = co_await project_rows_.list(project_filter);
  d.projects = std::move(projects);
  auto total_projects = co_await project_rows_.count_visible(project_filter.visibility);
  d.total_projects = total_projects;

  store::TaskListFilter task_filter;
  task_filter.visibility = store::TaskVisibility{actor.admin, actor.id};
  task_filter.limit = kDashboardListLimit;
  auto tasks = co_await tasks_.list(task_filter);
  d.tasks = std::move(tasks);
  auto counts = co_await tasks_.count_visible(task_filter.visibility);
  d.task_counts = counts;
  auto recent = co_await tasks_.recent(task_filter.visibility, kRecentTaskCount);
  d.recent_tasks = std::move(recent);

  auto per_project =
      co_await reports_.visible_project_counts(project_filter.visibility, kDashboardListLimit);
  d.project_progress.reserve(d.projects.size());
  for (const auto& p : d.projects) {
    auto found = per_project.find(p.id);
    store::TaskCounts c = found == per_project.end() ? store::TaskCounts{} : found->second;
    d.project_progress.push_back(ProjectProgress{p, progress_of(c)});
  }

  std::optional<std::int64_t> own_rows;
  if (!actor.admin) own_rows = actor.id;
  auto notifications = co_await activity_.recent(own_rows, kNotificationCount);
  d.notifications = std::move(notifications);
  co_return d;
}

}  // namespace tandem::domain::work
