#include "store/board/board_task_repository.hpp"

#include "store/db/database_health.hpp"

#include "store/db/repository_support.hpp"

namespace tandem::store {

namespace {

#define TANDEM_BOARD_COLUMNS \
  "id, title, description, priority, status, created_by, created_at, updated_at"

// The board is the tasks without a project (design.md, "One data model"): a project task belongs
// to the v1 face and its membership rules, so every statement here that reads, changes or
// deletes a row names only board rows. A project task's id is therefore "no such task".
#define TANDEM_BOARD_ROWS "project_id IS NULL"

// Served by the tasks_created_at (created_at, id) index, scanned backwards, project tasks skipped
// on the way. An absent limit is NULL, which PostgreSQL reads as "no limit" and SQLite needs
// spelled as -1.
constexpr Sql kList{"board_task_list",
                    "SELECT " TANDEM_BOARD_COLUMNS " FROM tasks WHERE " TANDEM_BOARD_ROWS
                    " ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2",
                    "SELECT " TANDEM_BOARD_COLUMNS " FROM tasks WHERE " TANDEM_BOARD_ROWS
                    " ORDER BY created_at DESC, id DESC LIMIT coalesce($1, -1) OFFSET $2"};
constexpr Sql kExists{"board_task_exists",
                      "SELECT 1 FROM tasks WHERE id = $1 AND " TANDEM_BOARD_ROWS};
constexpr Sql kInsert{
    "board_task_insert",
    "INSERT INTO tasks (uuid, project_id, title, description, priority, status, created_by, "
    "created_at, updated_at) VALUES ($1::uuid, NULL, $2, $3, $4, $5, $6, $7, $7) "
    "RETURNING " TANDEM_BOARD_COLUMNS,
    "INSERT INTO tasks (uuid, project_id, title, description, priority, status, created_by, "
    "created_at, updated_at) VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $7) "
    "RETURNING " TANDEM_BOARD_COLUMNS};
// $2/$4/$6/$8 say whether title/description/priority/status are given. As SQLAlchemy did for the
// original, a write that changes nothing leaves updated_at alone (spec/teamflow.md §3).
#define TANDEM_BOARD_UPDATE(DISTINCT)                                                  \
  "UPDATE tasks SET updated_at = CASE WHEN ($2 AND title " DISTINCT                    \
  " $3) OR ($4 AND description " DISTINCT " $5) OR ($6 AND priority " DISTINCT         \
  " $7) OR ($8 AND status " DISTINCT                                                   \
  " $9) THEN $10 ELSE updated_at END, "                                                \
  "title = CASE WHEN $2 THEN $3 ELSE title END, "                                      \
  "description = CASE WHEN $4 THEN $5 ELSE description END, "                          \
  "priority = CASE WHEN $6 THEN $7 ELSE priority END, "                                \
  "status = CASE WHEN $8 THEN $9 ELSE status END WHERE id = $1 AND " TANDEM_BOARD_ROWS \
  " RETURNING " TANDEM_BOARD_COLUMNS
constexpr Sql kUpdate{"board_task_update", TANDEM_BOARD_UPDATE("IS DISTINCT FROM"),
                      TANDEM_BOARD_UPDATE("IS NOT")};
constexpr Sql kDelete{"board_task_delete",
                      "DELETE FROM tasks WHERE id = $1 AND " TANDEM_BOARD_ROWS};

BoardTaskRecord read_task(const ResultSet& rs, std::size_t r) {
  BoardTaskRecord t;
  t.id = rs.integer(r, 0);
  t.title = rs.text(r, 1);
  t.description = rs.optional_text(r, 2);
  t.priority = rs.text(r, 3);
  t.status = rs.text(r, 4);
  t.created_by = rs.integer(r, 5);
  t.created_at = rs.integer(r, 6);
  t.updated_at = rs.integer(r, 7);
  return t;
}

}  // namespace

boost::asio::awaitable<std::vector<BoardTaskRecord>> BoardTaskRepository::list(
    std::optional<std::int64_t> limit, std::int64_t offset) {
  SqlValue limit_value = nullptr;
  if (limit) limit_value = *limit;
  SqlParams params{std::move(limit_value), offset};
  auto rs = co_await db_.query(kList, std::move(params));
  std::vector<BoardTaskRecord> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r) out.push_back(read_task(rs, r));
  co_return out;
}

boost::asio::awaitable<bool> BoardTaskRepository::exists(std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await db_.query(kExists, std::move(params));
  co_return !rs.empty();
}

boost::asio::awaitable<BoardTaskRecord> BoardTaskRepository::insert(const NewBoardTask& t) {
  SqlParams params{t.uuid, t.title, t.description, t.priority, t.status, t.created_by, t.now};
  auto rs = co_await db_.query(kInsert, std::move(params));
  co_return read_task(rs, 0);
}

boost::asio::awaitable<std::optional<BoardTaskRecord>> BoardTaskRepository::update(
    std::int64_t id, const BoardTaskPatch& p) {
  SqlValue description = nullptr;
  if (p.description && *p.description) description = **p.description;
  SqlParams params{id,
                   p.title.has_value(),
                   nullable(p.title),
                   p.description.has_value(),
                   std::move(description),
                   p.priority.has_value(),
                   nullable(p.priority),
                   p.status.has_value(),
                   nullable(p.status),
                   p.now};
  auto rs = co_await db_.query(kUpdate, std::move(params));
  if (rs.empty()) co_return std::nullopt;
  co_return read_task(rs, 0);
}

boost::asio::awaitable<bool> BoardTaskRepository::remove(std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await db_.query(kDelete, std::move(params));
  co_return rs.affected_rows > 0;
}

boost::asio::awaitable<bool> BoardTaskRepository::ping() {
  auto answers = co_await database_answers(db_);
  co_return answers;
}

}  // namespace tandem::store
