#include "store/work/report_repository.hpp"

namespace tandem::store {

namespace {

#define TANDEM_STATUS_COUNTS                                                       \
  "count(t.id), coalesce(sum(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END), 0), " \
  "coalesce(sum(CASE WHEN t.status = 'in_progress' THEN 1 ELSE 0 END), 0), "       \
  "coalesce(sum(CASE WHEN t.status = 'todo' THEN 1 ELSE 0 END), 0)"

constexpr Sql kProjectCounts{"work_report_project_counts", "SELECT " TANDEM_STATUS_COUNTS
                                                           " FROM tasks t WHERE t.project_id = $1"};
constexpr Sql kVisibleProjectCounts{
    "work_report_visible_project_counts",
    "SELECT p.id, " TANDEM_STATUS_COUNTS
    " FROM projects p LEFT JOIN tasks t ON t.project_id = p.id WHERE ($1 OR EXISTS (SELECT 1 "
    "FROM project_members m WHERE m.project_id = p.id AND m.user_id = $2)) GROUP BY p.id "
    "ORDER BY p.id LIMIT $3"};
constexpr Sql kAssigneeCounts{
    "work_report_assignee_counts",
    "SELECT u.uuid, coalesce(u.name, ''), " TANDEM_STATUS_COUNTS
    ", coalesce(sum(CASE WHEN t.priority = 'high' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN t.priority = 'medium' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN t.priority = 'low' THEN 1 ELSE 0 END), 0) "
    "FROM users u LEFT JOIN tasks t ON t.assigned_to = u.id AND t.project_id IS NOT NULL "
    "GROUP BY u.id ORDER BY u.id"};

TaskCounts read_counts(const ResultSet& rs, std::size_t r, std::size_t first) {
  return TaskCounts{rs.integer(r, first), rs.integer(r, first + 1), rs.integer(r, first + 2),
                    rs.integer(r, first + 3)};
}

}  // namespace

boost::asio::awaitable<TaskCounts> ReportRepository::project_counts(std::int64_t project_id) {
  SqlParams params{project_id};
  auto rs = co_await db_.query(kProjectCounts, std::move(params));
  co_return read_counts(rs, 0, 0);
}

boost::asio::awaitable<std::map<std::int64_t, TaskCounts>> ReportRepository::visible_project_counts(
    const ProjectVisibility& visibility, std::int64_t limit) {
  SqlParams params{visibility.all, visibility.member_id, limit};
  auto rs = co_await db_.query(kVisibleProjectCounts, std::move(params));
  std::map<std::int64_t, TaskCounts> out;
  for (std::size_t r = 0; r < rs.size(); ++r) out[rs.integer(r, 0)] = read_counts(rs, r, 1);
  co_return out;
}

boost::asio::awaitable<std::vector<AssigneeCounts>> ReportRepository::assignee_counts() {
  SqlParams params;
  auto rs = co_await db_.query(kAssigneeCounts, std::move(params));
  std::vector<AssigneeCounts> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r) {
    AssigneeCounts row;
    row.user_uuid = rs.text(r, 0);
    row.user_name = rs.text(r, 1);
    row.by_status = read_counts(rs, r, 2);
    row.high = rs.integer(r, 6);
    row.medium = rs.integer(r, 7);
    row.low = rs.integer(r, 8);
    out.push_back(std::move(row));
  }
  co_return out;
}

}  // namespace tandem::store
