#pragma once
// Tasks counted by status, over the rows of `tasks t` in scope: shared by the task list's totals
// and the reports.

#include "store/db/columns.hpp"
#include "store/work/task_repository.hpp"

namespace tandem::store {

inline const Columns<TaskCounts>& task_count_columns() {
  static const Columns<TaskCounts> columns{
      {"count(t.id)", &TaskCounts::total},
      {"coalesce(sum(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END), 0)", &TaskCounts::done},
      {"coalesce(sum(CASE WHEN t.status = 'in_progress' THEN 1 ELSE 0 END), 0)",
       &TaskCounts::in_progress},
      {"coalesce(sum(CASE WHEN t.status = 'todo' THEN 1 ELSE 0 END), 0)", &TaskCounts::todo}};
  return columns;
}

}  // namespace tandem::store
