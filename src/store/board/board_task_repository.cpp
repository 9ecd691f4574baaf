#include "store/board/board_task_repository.hpp"

#include "store/db/database_health.hpp"

#include "store/db/columns.hpp"
#include "store/db/record_query.hpp"
#include "store/db/repository_support.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {

const Columns<BoardTaskRecord> kColumns{{"id", &BoardTaskRecord::id},
                                        {"title", &BoardTaskRecord::title},
                                        {"description", &BoardTaskRecord::description},
                                        {"priority", &BoardTaskRecord::priority},
                                        {"status", &BoardTaskRecord::status},
                                        {"created_by", &BoardTaskRecord::created_by},
                                        {"created_at", &BoardTaskRecord::created_at},
                                        {"updated_at", &BoardTaskRecord::updated_at}};

// The board is the tasks without a project (design.md, "One data model"): a project task belongs
// to the v1 face and its membership rules, so every statement here that reads, changes or
// deletes a row names only board rows. A project task's id is therefore "no such task".
constexpr std::string_view kBoardRows = "project_id IS NULL";

struct BoardStatements {
  explicit BoardStatements(const SqlDialect& d)
      // Served by the tasks_created_at (created_at, id) index, scanned backwards, project tasks
      // skipped on the way. An absent limit is NULL: no limit.
      : list("board_task_list",
             "SELECT " + kColumns.list() + " FROM tasks WHERE " + std::string(kBoardRows) +
                 " ORDER BY created_at DESC, id DESC " + d.limit_or_all("$1") + " OFFSET $2"),
        exists("board_task_exists",
               "SELECT 1 FROM tasks WHERE id = $1 AND " + std::string(kBoardRows)),
        insert("board_task_insert",
               "INSERT INTO tasks (uuid, project_id, title, description, priority, status, "
               "created_by, created_at, updated_at) VALUES (" +
                   d.uuid("$1") + ", NULL, $2, $3, $4, $5, $6, $7, $7) " +
                   d.returning(kColumns.list())),
        // $2/$4/$6/$8 say whether title/description/priority/status are given. As SQLAlchemy did
        // for the original, a write that changes nothing leaves updated_at alone
        // (spec/teamflow.md §3).
        update("board_task_update",
               "UPDATE tasks SET updated_at = CASE WHEN ($2 AND " +
                   d.is_distinct_from("title", "$3") + ") OR ($4 AND " +
                   d.is_distinct_from("description", "$5") + ") OR ($6 AND " +
                   d.is_distinct_from("priority", "$7") + ") OR ($8 AND " +
                   d.is_distinct_from("status", "$9") + ") THEN $10 ELSE updated_at END, " +
                   set_if_given({"title", "description", "priority", "status"}, 2) +
                   " WHERE id = $1 AND " + std::string(kBoardRows) + " " +
                   d.returning(kColumns.list())),
        remove("board_task_delete",
               "DELETE FROM tasks WHERE id = $1 AND " + std::string(kBoardRows)) {}

  Statement list, exists, insert, update, remove;
};

const BoardStatements& statements(Database& db) {
  return per_dialect<BoardStatements>(db.dialect());
}

}  // namespace

boost::asio::awaitable<std::vector<BoardTaskRecord>> BoardTaskRepository::list(
    std::optional<std::int64_t> limit, std::int64_t offset) {
  auto found = co_await all_records(db_, statements(db_).list, kColumns, nullable(limit), offset);
  co_return found;
}

boost::asio::awaitable<bool> BoardTaskRepository::exists(std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await db_.query(statements(db_).exists, std::move(params));
  co_return !rs.empty();
}

boost::asio::awaitable<BoardTaskRecord> BoardTaskRepository::insert(const NewBoardTask& t) {
  SqlParams params{t.uuid, t.title, t.description, t.priority, t.status, t.created_by, t.now};
  auto rs = co_await db_.query(statements(db_).insert, std::move(params));
  co_return kColumns.read(rs, 0);
}

boost::asio::awaitable<std::optional<BoardTaskRecord>> BoardTaskRepository::update(
    std::int64_t id, const BoardTaskPatch& p) {
  SqlParams params{id};
  bind_patch(params, p.title, p.description, p.priority, p.status);
  params.emplace_back(p.now);
  auto rs = co_await db_.query(statements(db_).update, std::move(params));
  co_return kColumns.first(rs);
}

boost::asio::awaitable<bool> BoardTaskRepository::remove(std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await db_.query(statements(db_).remove, std::move(params));
  co_return rs.affected_rows > 0;
}

boost::asio::awaitable<bool> BoardTaskRepository::ping() {
  auto answers = co_await database_answers(db_);
  co_return answers;
}

}  // namespace tandem::store
