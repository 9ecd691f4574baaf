#pragma once
// Progress, reports and the dashboard (spec/flowtrack.md §5): read-only views over projects and
// tasks, every percentage from the one progress computation.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/work/actor.hpp"
#include "domain/work/progress.hpp"
#include "domain/work/project_service.hpp"
#include "store/work/activity_repository.hpp"
#include "store/work/report_repository.hpp"
#include "store/work/task_repository.hpp"

namespace tandem::domain::work {

struct ProjectProgress {
  store::ProjectRecord project;
  Progress progress;
};

struct TeamPerformanceRow {
  store::AssigneeCounts counts;
  double completion_rate = 0;
};

struct Dashboard {
  std::vector<store::ProjectRecord> projects;  // the first 100 visible, as GET /projects
  std::vector<store::TaskRecord> tasks;        // the first 100 visible, as GET /tasks
  std::int64_t total_projects = 0;             // over everything visible, not the first 100
  store::TaskCounts task_counts;
  std::vector<store::TaskRecord> recent_tasks;       // newest 5 visible
  std::vector<ProjectProgress> project_progress;     // one per entry of `projects`
  std::vector<store::ActivityRecord> notifications;  // newest 10: own rows, or all for admins
};

enum class ReportFailure { not_admin };

class ReportService {
 public:
  ReportService(store::Database& db, ProjectService& projects);

  // Nullopt when the project does not exist or the actor may not see it.
  boost::asio::awaitable<std::optional<ProjectProgress>> project_progress(
      const Actor& actor, const std::string& project_uuid);
  // Admin only: every user in registration order.
  boost::asio::awaitable<std::variant<std::vector<TeamPerformanceRow>, ReportFailure>>
  team_performance(const Actor& actor);
  boost::asio::awaitable<std::variant<std::vector<store::AssigneeCounts>, ReportFailure>> workload(
      const Actor& actor);
  boost::asio::awaitable<Dashboard> dashboard(const Actor& actor);

 private:
  ProjectService& projects_;
  store::ProjectRepository project_rows_;
  store::TaskRepository tasks_;
  store::ReportRepository reports_;
  store::ActivityRepository activity_;
};

}  // namespace tandem::domain::work
