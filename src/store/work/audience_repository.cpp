#include "store/work/audience_repository.hpp"

#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {

// The same text on both dialects. Column 0 says which list a row belongs to; a project id of
// NULL (or one without members) gives the admins alone.
const Statement kAudience{
    "work_audience",
    "SELECT 'admin' AS list, u.uuid, 0 AS grp, u.id AS ord FROM users u JOIN user_roles ur ON "
    "ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE lower(r.name) = 'admin' "
    "UNION ALL SELECT 'member', u.uuid, 1, m.id FROM project_members m JOIN users u ON u.id = "
    "m.user_id WHERE m.project_id = $1 ORDER BY 3, 4"};

}  // namespace

boost::asio::awaitable<AudienceRows> AudienceRepository::read(
    Transaction& tx, std::optional<std::int64_t> project_id) {
  SqlParams params{project_id ? SqlValue(*project_id) : SqlValue(nullptr)};
  auto rs = co_await tx.query(kAudience, std::move(params));
  AudienceRows rows;
  for (std::size_t row = 0; row < rs.size(); ++row) {
    auto& list = rs.text(row, 0) == "admin" ? rows.admins : rows.members;
    list.push_back(rs.text(row, 1));
  }
  co_return rows;
}

}  // namespace tandem::store
