#pragma once
// The work module (projects, members, tasks, activity, reports, dashboard, the stored events)
// as one object for faces to hold.

#include "domain/work/notification_feed.hpp"
#include "domain/work/project_service.hpp"
#include "domain/work/report_service.hpp"
#include "domain/work/task_service.hpp"

namespace tandem::domain::work {

class WorkService {
 public:
  // `events` may be null (CLI commands publish nothing).
  WorkService(store::Database& db, platform::EventBus* events)
      : projects_(db, events), tasks_(db, events), reports_(db, projects_), notifications_(db) {}

  ProjectService& projects() { return projects_; }
  TaskService& tasks() { return tasks_; }
  ReportService& reports() { return reports_; }
  NotificationFeed& notifications() { return notifications_; }

 private:
  ProjectService projects_;
  TaskService tasks_;
  ReportService reports_;
  NotificationFeed notifications_;
};

}  // namespace tandem::domain::work
