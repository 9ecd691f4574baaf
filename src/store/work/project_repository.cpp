#include "store/work/project_repository.hpp"

#include "store/db/columns.hpp"
#include "store/db/record_query.hpp"
#include "store/db/repository_support.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {

Columns<ProjectRecord> project_columns(const SqlDialect& d) {
  return {{"p.id", &ProjectRecord::id},
          {"p.uuid", &ProjectRecord::uuid},
          {"p.name", &ProjectRecord::name},
          {"p.description", &ProjectRecord::description},
          {d.date_text("p.deadline"), &ProjectRecord::deadline},
          {"p.status", &ProjectRecord::status},
          {"p.created_by", &ProjectRecord::created_by},
          {"c.uuid", &ProjectRecord::creator_uuid},
          {"coalesce(c.name, '')", &ProjectRecord::creator_name},
          {"p.created_at", &ProjectRecord::created_at},
          {"p.updated_at", &ProjectRecord::updated_at}};
}

const Columns<MemberRecord> kMemberColumns{{"u.uuid", &MemberRecord::uuid},
                                           {"coalesce(u.name, '')", &MemberRecord::name},
                                           {"u.email", &MemberRecord::email}};

// $1: sees all, $2: the caller's user id.
constexpr std::string_view kVisible =
    "($1 OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.user_id = "
    "$2)) ";

struct ProjectStatements {
  explicit ProjectStatements(const SqlDialect& d)
      : columns(project_columns(d)),
        select("SELECT " + columns.list() +
               " FROM projects p JOIN users c ON c.id = p.created_by "),
        find("work_project_by_uuid", select + "WHERE p.uuid = " + d.uuid("$1")),
        list("work_project_list", select + "WHERE " + std::string(kVisible) +
                                      "AND ($3 = '' OR p.status = $3) "
                                      "AND ($4 = '' OR lower(p.name) LIKE $5 ESCAPE '\\' "
                                      "OR lower(coalesce(p.description, '')) LIKE $5 ESCAPE '\\') "
                                      "ORDER BY p.id LIMIT $6 OFFSET $7"),
        count_visible("work_project_count_visible",
                      "SELECT count(*) FROM projects p WHERE " + std::string(kVisible)),
        insert("work_project_insert",
               "INSERT INTO projects (uuid, name, description, deadline, status, created_by, "
               "created_at, updated_at) VALUES (" +
                   d.uuid("$1") + ", $2, $3, " + d.date("$4") + ", 'pending', $5, $6, $6) " +
                   d.returning("id")),
        update("work_project_update",
               "UPDATE projects SET " + set_if_given({"name", "description"}, 2) + ", " +
                   set_if_given("deadline", 6, d.date("$7")) + ", " + set_if_given("status", 8) +
                   ", updated_at = $10 WHERE id = $1"),
        remove("work_project_delete", "DELETE FROM projects WHERE id = $1"),
        is_member("work_member_exists",
                  "SELECT 1 FROM project_members WHERE project_id = $1 AND user_id = $2"),
        add_member("work_member_add",
                   "INSERT INTO project_members (project_id, user_id) VALUES ($1, $2) "
                   "ON CONFLICT DO NOTHING"),
        remove_member("work_member_remove",
                      "DELETE FROM project_members WHERE project_id = $1 AND user_id = $2"),
        members("work_member_list",
                "SELECT " + kMemberColumns.list() +
                    " FROM project_members m JOIN users u ON u.id = m.user_id WHERE m.project_id "
                    "= $1 AND ($2 = '' OR lower(coalesce(u.name, '')) LIKE $3 ESCAPE '\\' "
                    "OR lower(coalesce(u.email, '')) LIKE $3 ESCAPE '\\') ORDER BY m.id") {}

  Columns<ProjectRecord> columns;
  std::string select;
  Statement find, list, count_visible, insert, update, remove, is_member, add_member, remove_member,
      members;
};

const ProjectStatements& statements(Database& db) {
  return per_dialect<ProjectStatements>(db.dialect());
}

}  // namespace

boost::asio::awaitable<std::optional<ProjectRecord>> ProjectRepository::find(
    const std::string& uuid, Transaction* tx) {
  SqlParams params{uuid};
  auto rs = co_await query_in(db_, tx, statements(db_).find, std::move(params));
  co_return statements(db_).columns.first(rs);
}

boost::asio::awaitable<std::vector<ProjectRecord>> ProjectRepository::list(
    const ProjectListFilter& f) {
  auto found = co_await all_records(db_, statements(db_).list, statements(db_).columns,
                                    f.visibility.all, f.visibility.member_id, f.status, f.query,
                                    like_contains(f.query), f.limit, f.skip);
  co_return found;
}

boost::asio::awaitable<std::int64_t> ProjectRepository::count_visible(
    const ProjectVisibility& visibility) {
  SqlParams params{visibility.all, visibility.member_id};
  auto rs = co_await db_.query(statements(db_).count_visible, std::move(params));
  co_return single_integer(rs);
}

boost::asio::awaitable<std::int64_t> ProjectRepository::insert(Transaction& tx,
                                                               const NewProject& p) {
  SqlParams params{p.uuid,       p.name, nullable(p.description), nullable(p.deadline),
                   p.created_by, p.now};
  auto rs = co_await tx.query(statements(db_).insert, std::move(params));
  co_return single_integer(rs);
}

boost::asio::awaitable<void> ProjectRepository::update(Transaction& tx, std::int64_t id,
                                                       const ProjectPatch& p) {
  SqlParams params{id};
  bind_patch(params, p.name, p.description, p.deadline, p.status);
  params.emplace_back(p.now);
  auto rs = co_await tx.query(statements(db_).update, std::move(params));
  (void)rs;
}

boost::asio::awaitable<void> ProjectRepository::remove(Transaction& tx, std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await tx.query(statements(db_).remove, std::move(params));
  (void)rs;
}

boost::asio::awaitable<bool> ProjectRepository::is_member(std::int64_t project_id,
                                                          std::int64_t user_id, Transaction* tx) {
  SqlParams params{project_id, user_id};
  auto rs = co_await query_in(db_, tx, statements(db_).is_member, std::move(params));
  co_return !rs.empty();
}

boost::asio::awaitable<bool> ProjectRepository::add_member(Transaction& tx, std::int64_t project_id,
                                                           std::int64_t user_id) {
  SqlParams params{project_id, user_id};
  auto rs = co_await tx.query(statements(db_).add_member, std::move(params));
  co_return rs.affected_rows > 0;
}

boost::asio::awaitable<bool> ProjectRepository::remove_member(Transaction& tx,
                                                              std::int64_t project_id,
                                                              std::int64_t user_id) {
  SqlParams params{project_id, user_id};
  auto rs = co_await tx.query(statements(db_).remove_member, std::move(params));
  co_return rs.affected_rows > 0;
}

boost::asio::awaitable<std::vector<MemberRecord>> ProjectRepository::members(
    std::int64_t project_id, const std::string& search) {
  auto found = co_await all_records(db_, statements(db_).members, kMemberColumns, project_id,
                                    search, like_contains(search));
  co_return found;
}

}  // namespace tandem::store
