#include "store/work/project_repository.hpp"

#include "store/db/repository_support.hpp"

namespace tandem::store {

namespace {

#define TANDEM_PROJECT_SELECT(DEADLINE)                                                 \
  "SELECT p.id, p.uuid, p.name, p.description, " DEADLINE                               \
  ", p.status, p.created_by, c.uuid, coalesce(c.name, ''), p.created_at, p.updated_at " \
  "FROM projects p JOIN users c ON c.id = p.created_by "
#define TANDEM_PROJECT_SELECT_PG TANDEM_PROJECT_SELECT("to_char(p.deadline, 'YYYY-MM-DD')")
#define TANDEM_PROJECT_SELECT_SQLITE TANDEM_PROJECT_SELECT("p.deadline")

// $1: sees all, $2: the caller's user id.
#define TANDEM_PROJECT_VISIBLE                                                              \
  "($1 OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.user_id " \
  "= $2)) "

constexpr Sql kFind{"work_project_by_uuid", TANDEM_PROJECT_SELECT_PG "WHERE p.uuid = $1::uuid",
                    TANDEM_PROJECT_SELECT_SQLITE "WHERE p.uuid = $1"};

#define TANDEM_PROJECT_LIST_WHERE                               \
  "WHERE " TANDEM_PROJECT_VISIBLE                               \
  "AND ($3 = '' OR p.status = $3) "                             \
  "AND ($4 = '' OR lower(p.name) LIKE $5 ESCAPE '\\' "          \
  "OR lower(coalesce(p.description, '')) LIKE $5 ESCAPE '\\') " \
  "ORDER BY p.id LIMIT $6 OFFSET $7"
constexpr Sql kList{"work_project_list", TANDEM_PROJECT_SELECT_PG TANDEM_PROJECT_LIST_WHERE,
                    TANDEM_PROJECT_SELECT_SQLITE TANDEM_PROJECT_LIST_WHERE};
constexpr Sql kCountVisible{"work_project_count_visible",
                            "SELECT count(*) FROM projects p WHERE " TANDEM_PROJECT_VISIBLE};

constexpr Sql kInsert{
    "work_project_insert",
    "INSERT INTO projects (uuid, name, description, deadline, status, created_by, created_at, "
    "updated_at) VALUES ($1::uuid, $2, $3, $4::date, 'pending', $5, $6, $6) RETURNING id",
    "INSERT INTO projects (uuid, name, description, deadline, status, created_by, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6, $6) RETURNING id"};
constexpr Sql kUpdate{"work_project_update",
                      "UPDATE projects SET name = CASE WHEN $2 THEN $3 ELSE name END, "
                      "description = CASE WHEN $4 THEN $5 ELSE description END, "
                      "deadline = CASE WHEN $6 THEN $7::date ELSE deadline END, "
                      "status = CASE WHEN $8 THEN $9 ELSE status END, updated_at = $10 "
                      "WHERE id = $1",
                      "UPDATE projects SET name = CASE WHEN $2 THEN $3 ELSE name END, "
                      "description = CASE WHEN $4 THEN $5 ELSE description END, "
                      "deadline = CASE WHEN $6 THEN $7 ELSE deadline END, "
                      "status = CASE WHEN $8 THEN $9 ELSE status END, updated_at = $10 "
                      "WHERE id = $1"};
constexpr Sql kDelete{"work_project_delete", "DELETE FROM projects WHERE id = $1"};

constexpr Sql kIsMember{"work_member_exists",
                        "SELECT 1 FROM project_members WHERE project_id = $1 AND user_id = $2"};
constexpr Sql kAddMember{"work_member_add",
                         "INSERT INTO project_members (project_id, user_id) VALUES ($1, $2) "
                         "ON CONFLICT DO NOTHING"};
constexpr Sql kRemoveMember{"work_member_remove",
                            "DELETE FROM project_members WHERE project_id = $1 AND user_id = $2"};
constexpr Sql kMembers{"work_member_list",
                       "SELECT u.uuid, coalesce(u.name, ''), u.email FROM project_members m "
                       "JOIN users u ON u.id = m.user_id WHERE m.project_id = $1 "
                       "AND ($2 = '' OR lower(coalesce(u.name, '')) LIKE $3 ESCAPE '\\' "
                       "OR lower(coalesce(u.email, '')) LIKE $3 ESCAPE '\\') ORDER BY m.id"};

ProjectRecord read_project(const ResultSet& rs, std::size_t r) {
  ProjectRecord p;
  p.id = rs.integer(r, 0);
  p.uuid = rs.text(r, 1);
  p.name = rs.text(r, 2);
  p.description = rs.optional_text(r, 3);
  p.deadline = rs.optional_text(r, 4);
  p.status = rs.text(r, 5);
  p.created_by = rs.integer(r, 6);
  p.creator_uuid = rs.text(r, 7);
  p.creator_name = rs.text(r, 8);
  p.created_at = rs.integer(r, 9);
  p.updated_at = rs.integer(r, 10);
  return p;
}

template <typename T>
SqlValue nullable_inner(const std::optional<std::optional<T>>& v) {
  if (v && *v) return **v;
  return nullptr;
}

}  // namespace

boost::asio::awaitable<std::optional<ProjectRecord>> ProjectRepository::find(
    const std::string& uuid, Transaction* tx) {
  SqlParams params{uuid};
  auto rs = co_await query_in(db_, tx, kFind, std::move(params));
  if (rs.empty()) co_return std::nullopt;
  co_return read_project(rs, 0);
}

boost::asio::awaitable<std::vector<ProjectRecord>> ProjectRepository::list(
    const ProjectListFilter& f) {
  SqlParams params{f.visibility.all,
                   f.visibility.member_id,
                   f.status,
                   f.query,
                   like_contains(f.query),
                   f.limit,
                   f.skip};
  auto rs = co_await db_.query(kList, std::move(params));
  std::vector<ProjectRecord> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r) out.push_back(read_project(rs, r));
  co_return out;
}

boost::asio::awaitable<std::int64_t> ProjectRepository::count_visible(
    const ProjectVisibility& visibility) {
  SqlParams params{visibility.all, visibility.member_id};
  auto rs = co_await db_.query(kCountVisible, std::move(params));
  co_return rs.integer(0, 0);
}

boost::asio::awaitable<std::int64_t> ProjectRepository::insert(Transaction& tx,
                                                               const NewProject& p) {
  SqlParams params{p.uuid,       p.name, nullable(p.description), nullable(p.deadline),
                   p.created_by, p.now};
  auto rs = co_await tx.query(kInsert, std::move(params));
  co_return rs.integer(0, 0);
}

boost::asio::awaitable<void> ProjectRepository::update(Transaction& tx, std::int64_t id,
                                                       const ProjectPatch& p) {
  SqlParams params{id,
                   p.name.has_value(),
                   nullable(p.name),
                   p.description.has_value(),
                   nullable_inner(p.description),
                   p.deadline.has_value(),
                   nullable_inner(p.deadline),
                   p.status.has_value(),
                   nullable(p.status),
                   p.now};
  auto rs = co_await tx.query(kUpdate, std::move(params));
  (void)rs;
}

boost::asio::awaitable<void> ProjectRepository::remove(Transaction& tx, std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await tx.query(kDelete, std::move(params));
  (void)rs;
}

boost::asio::awaitable<bool> ProjectRepository::is_member(std::int64_t project_id,
                                                          std::int64_t user_id, Transaction* tx) {
  SqlParams params{project_id, user_id};
  auto rs = co_await query_in(db_, tx, kIsMember, std::move(params));
  co_return !rs.empty();
}

boost::asio::awaitable<bool> ProjectRepository::add_member(Transaction& tx, std::int64_t project_id,
                                                           std::int64_t user_id) {
  SqlParams params{project_id, user_id};
  auto rs = co_await tx.query(kAddMember, std::move(params));
  co_return rs.affected_rows > 0;
}

boost::asio::awaitable<bool> ProjectRepository::remove_member(Transaction& tx,
                                                              std::int64_t project_id,
                                                              std::int64_t user_id) {
  SqlParams params{project_id, user_id};
  auto rs = co_await tx.query(kRemoveMember, std::move(params));
  co_return rs.affected_rows > 0;
}

boost::asio::awaitable<std::vector<MemberRecord>> ProjectRepository::members(
    std::int64_t project_id, const std::string& search) {
  SqlParams params{project_id, search, like_contains(search)};
  auto rs = co_await db_.query(kMembers, std::move(params));
  std::vector<MemberRecord> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r)
    out.push_back(MemberRecord{rs.text(r, 0), rs.text(r, 1), rs.optional_text(r, 2)});
  co_return out;
}

}  // namespace tandem::store
