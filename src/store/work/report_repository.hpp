#pragma once
// Task counts behind progress, reports and the dashboard. Only project tasks count (TeamFlow's
// project-less tasks belong to no v1 report).

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/work/project_repository.hpp"
#include "store/work/task_repository.hpp"

namespace tandem::store {

// Every user with the tasks assigned to them, by status and by priority.
struct AssigneeCounts {
  std::string user_uuid;
  std::string user_name;
  TaskCounts by_status;
  std::int64_t high = 0;
  std::int64_t medium = 0;
  std::int64_t low = 0;
};

class ReportRepository {
 public:
  explicit ReportRepository(Database& db) : db_(db) {}

  // All tasks of one project, any assignee.
  boost::asio::awaitable<TaskCounts> project_counts(std::int64_t project_id);
  // The first `limit` visible projects in list order, by project id.
  boost::asio::awaitable<std::map<std::int64_t, TaskCounts>> visible_project_counts(
      const ProjectVisibility& visibility, std::int64_t limit);
  // One row per user in registration order (users without tasks included).
  boost::asio::awaitable<std::vector<AssigneeCounts>> assignee_counts();

 private:
  Database& db_;
};

}  // namespace tandem::store
