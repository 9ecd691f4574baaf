#pragma once
// v1 response objects of the work API (spec/flowtrack.md §2.3, §2.6-2.8, §5), keys in the
// original's order.

#include <boost/json.hpp>

#include "domain/work/report_service.hpp"

namespace tandem::faces::v1 {

// ProjectResponse: name, description, deadline, id, status, created_by, creator_name,
// created_at, updated_at.
boost::json::object render_project(const store::ProjectRecord& project);
// TaskResponse: title, description, priority, status, deadline, id, project_id, assigned_to,
// assigned_to_name, created_at, updated_at, plus created_by (superset).
boost::json::object render_task(const store::TaskRecord& task);
boost::json::array render_tasks(const std::vector<store::TaskRecord>& tasks);
// MemberBrief: id, name, email.
boost::json::object render_member(const store::MemberRecord& member);

enum class EmptyPercentage { integer_zero, float_zero };
// total_tasks, completed_tasks, in_progress_tasks, todo_tasks, progress_percentage appended to
// `out`. /projects/{id}/progress writes an integer 0 for a project without tasks (the original
// did); everything else writes 0.0.
void append_progress(boost::json::object& out, const domain::work::Progress& progress,
                     EmptyPercentage empty);
// project_id, project_name and the progress fields (project report, dashboard).
boost::json::object render_project_report(const domain::work::ProjectProgress& report);
boost::json::object render_team_performance(const domain::work::TeamPerformanceRow& row);
boost::json::object render_workload(const store::AssigneeCounts& row);
boost::json::object render_dashboard(const domain::work::Dashboard& dashboard);

}  // namespace tandem::faces::v1
