#include "store/work/task_repository.hpp"

#include "store/db/repository_support.hpp"

namespace tandem::store {

namespace {

#define TANDEM_TASK_SELECT(DEADLINE)                                                       \
  "SELECT t.id, t.uuid, t.title, t.description, t.priority, t.status, " DEADLINE           \
  ", t.project_id, p.uuid, t.assigned_to, a.uuid, "                                        \
  "CASE WHEN a.id IS NULL THEN NULL ELSE coalesce(a.name, '') END, t.created_by, c.uuid, " \
  "t.created_at, t.updated_at FROM tasks t LEFT JOIN projects p ON p.id = t.project_id "   \
  "LEFT JOIN users a ON a.id = t.assigned_to JOIN users c ON c.id = t.created_by "
#define TANDEM_TASK_SELECT_PG TANDEM_TASK_SELECT("to_char(t.deadline, 'YYYY-MM-DD')")
#define TANDEM_TASK_SELECT_SQLITE TANDEM_TASK_SELECT("t.deadline")

constexpr Sql kFind{"work_task_by_uuid", TANDEM_TASK_SELECT_PG "WHERE t.uuid = $1::uuid",
                    TANDEM_TASK_SELECT_SQLITE "WHERE t.uuid = $1"};

// $1: sees all, $2: the caller's user id. Tasks without a project are TeamFlow's.
#define TANDEM_TASK_VISIBLE "t.project_id IS NOT NULL AND ($1 OR t.assigned_to = $2) "

#define TANDEM_TASK_LIST_WHERE(UUID)                                         \
  "WHERE " TANDEM_TASK_VISIBLE "AND ($3" UUID " IS NULL OR p.uuid = $3" UUID \
  ") "                                                                       \
  "AND ($4 = '' OR t.status = $4) AND ($5 = '' OR t.priority = $5) "         \
  "AND ($6" UUID " IS NULL OR a.uuid = $6" UUID ") ORDER BY t.id LIMIT $7 OFFSET $8"
constexpr Sql kList{"work_task_list", TANDEM_TASK_SELECT_PG TANDEM_TASK_LIST_WHERE("::uuid"),
                    TANDEM_TASK_SELECT_SQLITE TANDEM_TASK_LIST_WHERE("")};
constexpr Sql kRecent{"work_task_recent",
                      TANDEM_TASK_SELECT_PG "WHERE " TANDEM_TASK_VISIBLE
                                            "ORDER BY t.created_at DESC, t.id DESC LIMIT $3",
                      TANDEM_TASK_SELECT_SQLITE "WHERE " TANDEM_TASK_VISIBLE
                                                "ORDER BY t.created_at DESC, t.id DESC LIMIT $3"};
constexpr Sql kCountVisible{
    "work_task_count_visible",
    "SELECT count(*), coalesce(sum(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN t.status = 'in_progress' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN t.status = 'todo' THEN 1 ELSE 0 END), 0) "
    "FROM tasks t WHERE " TANDEM_TASK_VISIBLE};

constexpr Sql kInsert{
    "work_task_insert",
    "INSERT INTO tasks (uuid, project_id, title, description, priority, status, deadline, "
    "assigned_to, created_by, created_at, updated_at) VALUES ($1::uuid, $2, $3, $4, $5, $6, "
    "$7::date, $8, $9, $10, $10) RETURNING id",
    "INSERT INTO tasks (uuid, project_id, title, description, priority, status, deadline, "
    "assigned_to, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
    "$9, $10, $10) RETURNING id"};
#define TANDEM_TASK_UPDATE(DATE)                                   \
  "UPDATE tasks SET title = CASE WHEN $2 THEN $3 ELSE title END, " \
  "description = CASE WHEN $4 THEN $5 ELSE description END, "      \
  "priority = CASE WHEN $6 THEN $7 ELSE priority END, "            \
  "status = CASE WHEN $8 THEN $9 ELSE status END, "                \
  "deadline = CASE WHEN $10 THEN $11" DATE                         \
  " ELSE deadline END, "                                           \
  "assigned_to = CASE WHEN $12 THEN $13 ELSE assigned_to END, updated_at = $14 WHERE id = $1"
constexpr Sql kUpdate{"work_task_update", TANDEM_TASK_UPDATE("::date"), TANDEM_TASK_UPDATE("")};
constexpr Sql kDelete{"work_task_delete", "DELETE FROM tasks WHERE id = $1"};

TaskRecord read_task(const ResultSet& rs, std::size_t r) {
  TaskRecord t;
  t.id = rs.integer(r, 0);
  t.uuid = rs.text(r, 1);
  t.title = rs.text(r, 2);
  t.description = rs.optional_text(r, 3);
  t.priority = rs.text(r, 4);
  t.status = rs.text(r, 5);
  t.deadline = rs.optional_text(r, 6);
  t.project_id = rs.optional_integer(r, 7);
  t.project_uuid = rs.optional_text(r, 8);
  t.assigned_to = rs.optional_integer(r, 9);
  t.assignee_uuid = rs.optional_text(r, 10);
  t.assignee_name = rs.optional_text(r, 11);
  t.created_by = rs.integer(r, 12);
  t.creator_uuid = rs.text(r, 13);
  t.created_at = rs.integer(r, 14);
  t.updated_at = rs.integer(r, 15);
  return t;
}

std::vector<TaskRecord> read_tasks(const ResultSet& rs) {
  std::vector<TaskRecord> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r) out.push_back(read_task(rs, r));
  return out;
}

SqlValue nullable_id(const std::optional<std::int64_t>& v) {
  if (v) return *v;
  return nullptr;
}

}  // namespace

boost::asio::awaitable<std::optional<TaskRecord>> TaskRepository::find(const std::string& uuid,
                                                                       Transaction* tx) {
  SqlParams params{uuid};
  auto rs = co_await query_in(db_, tx, kFind, std::move(params));
  if (rs.empty()) co_return std::nullopt;
  co_return read_task(rs, 0);
}

boost::asio::awaitable<std::vector<TaskRecord>> TaskRepository::list(const TaskListFilter& f) {
  SqlParams params{f.visibility.all,
                   f.visibility.assignee_id,
                   nullable(f.project_uuid),
                   f.status,
                   f.priority,
                   nullable(f.assignee_uuid),
                   f.limit,
                   f.skip};
  auto rs = co_await db_.query(kList, std::move(params));
  co_return read_tasks(rs);
}

boost::asio::awaitable<std::vector<TaskRecord>> TaskRepository::recent(
    const TaskVisibility& visibility, std::int64_t limit) {
  SqlParams params{visibility.all, visibility.assignee_id, limit};
  auto rs = co_await db_.query(kRecent, std::move(params));
  co_return read_tasks(rs);
}

boost::asio::awaitable<TaskCounts> TaskRepository::count_visible(const TaskVisibility& visibility) {
  SqlParams params{visibility.all, visibility.assignee_id};
  auto rs = co_await db_.query(kCountVisible, std::move(params));
  co_return TaskCounts{rs.integer(0, 0), rs.integer(0, 1), rs.integer(0, 2), rs.integer(0, 3)};
}

boost::asio::awaitable<std::int64_t> TaskRepository::insert(Transaction& tx, const NewTask& t) {
  SqlParams params{t.uuid,
                   nullable_id(t.project_id),
                   t.title,
                   nullable(t.description),
                   t.priority,
                   t.status,
                   nullable(t.deadline),
                   nullable_id(t.assigned_to),
                   t.created_by,
                   t.now};
  auto rs = co_await tx.query(kInsert, std::move(params));
  co_return rs.integer(0, 0);
}

boost::asio::awaitable<void> TaskRepository::update(Transaction& tx, std::int64_t id,
                                                    const TaskPatch& p) {
  SqlValue description = nullptr;
  if (p.description && *p.description) description = **p.description;
  SqlValue deadline = nullptr;
  if (p.deadline && *p.deadline) deadline = **p.deadline;
  SqlValue assigned_to = nullptr;
  if (p.assigned_to && *p.assigned_to) assigned_to = **p.assigned_to;
  SqlParams params{id,
                   p.title.has_value(),
                   nullable(p.title),
                   p.description.has_value(),
                   std::move(description),
                   p.priority.has_value(),
                   nullable(p.priority),
                   p.status.has_value(),
                   nullable(p.status),
                   p.deadline.has_value(),
                   std::move(deadline),
                   p.assigned_to.has_value(),
                   std::move(assigned_to),
                   p.now};
  auto rs = co_await tx.query(kUpdate, std::move(params));
  (void)rs;
}

boost::asio::awaitable<void> TaskRepository::remove(Transaction& tx, std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await tx.query(kDelete, std::move(params));
  (void)rs;
}

}  // namespace tandem::store
