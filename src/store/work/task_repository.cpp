#include "store/work/task_repository.hpp"

#include "store/db/columns.hpp"
#include "store/db/record_query.hpp"
#include "store/db/repository_support.hpp"
#include "store/db/sql_builder.hpp"
#include "store/work/task_count_columns.hpp"

namespace tandem::store {

namespace {

Columns<TaskRecord> task_columns(const SqlDialect& d) {
  return {{"t.id", &TaskRecord::id},
          {"t.uuid", &TaskRecord::uuid},
          {"t.title", &TaskRecord::title},
          {"t.description", &TaskRecord::description},
          {"t.priority", &TaskRecord::priority},
          {"t.status", &TaskRecord::status},
          {d.date_text("t.deadline"), &TaskRecord::deadline},
          {"t.project_id", &TaskRecord::project_id},
          {"p.uuid", &TaskRecord::project_uuid},
          {"t.assigned_to", &TaskRecord::assigned_to},
          {"a.uuid", &TaskRecord::assignee_uuid},
          {"CASE WHEN a.id IS NULL THEN NULL ELSE coalesce(a.name, '') END",
           &TaskRecord::assignee_name},
          {"t.created_by", &TaskRecord::created_by},
          {"c.uuid", &TaskRecord::creator_uuid},
          {"t.created_at", &TaskRecord::created_at},
          {"t.updated_at", &TaskRecord::updated_at}};
}

// $1: sees all, $2: the caller's user id. Tasks without a project are TeamFlow's.
constexpr std::string_view kVisible = "t.project_id IS NOT NULL AND ($1 OR t.assigned_to = $2) ";

struct TaskStatements {
  explicit TaskStatements(const SqlDialect& d)
      : columns(task_columns(d)),
        select("SELECT " + columns.list() +
               " FROM tasks t LEFT JOIN projects p ON p.id = t.project_id "
               "LEFT JOIN users a ON a.id = t.assigned_to JOIN users c ON c.id = t.created_by "),
        find("work_task_by_uuid", select + "WHERE t.uuid = " + d.uuid("$1")),
        list("work_task_list",
             select + "WHERE " + std::string(kVisible) + "AND (" + d.uuid("$3") +
                 " IS NULL OR p.uuid = " + d.uuid("$3") +
                 ") AND ($4 = '' OR t.status = $4) AND ($5 = '' OR t.priority = $5) AND (" +
                 d.uuid("$6") + " IS NULL OR a.uuid = " + d.uuid("$6") +
                 ") ORDER BY t.id LIMIT $7 OFFSET $8"),
        recent("work_task_recent", select + "WHERE " + std::string(kVisible) +
                                       "ORDER BY t.created_at DESC, t.id DESC LIMIT $3"),
        count_visible("work_task_count_visible", "SELECT " + task_count_columns().list() +
                                                     " FROM tasks t WHERE " +
                                                     std::string(kVisible)),
        insert("work_task_insert",
               "INSERT INTO tasks (uuid, project_id, title, description, priority, status, "
               "deadline, assigned_to, created_by, created_at, updated_at) VALUES (" +
                   d.uuid("$1") + ", $2, $3, $4, $5, $6, " + d.date("$7") + ", $8, $9, $10, $10) " +
                   d.returning("id")),
        update("work_task_update",
               "UPDATE tasks SET " +
                   set_if_given({"title", "description", "priority", "status"}, 2) + ", " +
                   set_if_given("deadline", 10, d.date("$11")) + ", " +
                   set_if_given("assigned_to", 12) + ", updated_at = $14 WHERE id = $1"),
        remove("work_task_delete", "DELETE FROM tasks WHERE id = $1") {}

  Columns<TaskRecord> columns;
  std::string select;
  Statement find, list, recent, count_visible, insert, update, remove;
};

const TaskStatements& statements(Database& db) { return per_dialect<TaskStatements>(db.dialect()); }

}  // namespace

boost::asio::awaitable<std::optional<TaskRecord>> TaskRepository::find(const std::string& uuid,
                                                                       Transaction* tx) {
  SqlParams params{uuid};
  auto rs = co_await query_in(db_, tx, statements(db_).find, std::move(params));
  co_return statements(db_).columns.first(rs);
}

boost::asio::awaitable<std::vector<TaskRecord>> TaskRepository::list(const TaskListFilter& f) {
  auto found =
      co_await all_records(db_, statements(db_).list, statements(db_).columns, f.visibility.all,
                           f.visibility.assignee_id, nullable(f.project_uuid), f.status, f.priority,
                           nullable(f.assignee_uuid), f.limit, f.skip);
  co_return found;
}

boost::asio::awaitable<std::vector<TaskRecord>> TaskRepository::recent(
    const TaskVisibility& visibility, std::int64_t limit) {
  auto found = co_await all_records(db_, statements(db_).recent, statements(db_).columns,
                                    visibility.all, visibility.assignee_id, limit);
  co_return found;
}

boost::asio::awaitable<TaskCounts> TaskRepository::count_visible(const TaskVisibility& visibility) {
  SqlParams params{visibility.all, visibility.assignee_id};
  auto rs = co_await db_.query(statements(db_).count_visible, std::move(params));
  co_return task_count_columns().read(rs, 0);
}

boost::asio::awaitable<std::int64_t> TaskRepository::insert(Transaction& tx, const NewTask& t) {
  SqlParams params{t.uuid,
                   nullable(t.project_id),
                   t.title,
                   nullable(t.description),
                   t.priority,
                   t.status,
                   nullable(t.deadline),
                   nullable(t.assigned_to),
                   t.created_by,
                   t.now};
  auto rs = co_await tx.query(statements(db_).insert, std::move(params));
  co_return single_integer(rs);
}

boost::asio::awaitable<void> TaskRepository::update(Transaction& tx, std::int64_t id,
                                                    const TaskPatch& p) {
  SqlParams params{id};
  bind_patch(params, p.title, p.description, p.priority, p.status, p.deadline, p.assigned_to);
  params.emplace_back(p.now);
  auto rs = co_await tx.query(statements(db_).update, std::move(params));
  (void)rs;
}

boost::asio::awaitable<void> TaskRepository::remove(Transaction& tx, std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await tx.query(statements(db_).remove, std::move(params));
  (void)rs;
}

}  // namespace tandem::store
