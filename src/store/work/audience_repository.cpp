#include "store/work/audience_repository.hpp"

namespace tandem::store {

namespace {

constexpr Sql kAdmins{"work_audience_admins",
                      "SELECT u.uuid FROM users u JOIN user_roles ur ON ur.user_id = u.id "
                      "JOIN roles r ON r.id = ur.role_id WHERE lower(r.name) = 'admin' "
                      "ORDER BY u.id"};
constexpr Sql kMembers{"work_audience_members",
                       "SELECT u.uuid FROM project_members m JOIN users u ON u.id = m.user_id "
                       "WHERE m.project_id = $1 ORDER BY m.id"};

std::vector<std::string> first_column(const ResultSet& rs) {
  std::vector<std::string> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r) out.push_back(rs.text(r, 0));
  return out;
}

}  // namespace

boost::asio::awaitable<std::vector<std::string>> AudienceRepository::admin_uuids(Transaction& tx) {
  SqlParams params;
  auto rs = co_await tx.query(kAdmins, std::move(params));
  co_return first_column(rs);
}

boost::asio::awaitable<std::vector<std::string>> AudienceRepository::member_uuids(
    Transaction& tx, std::int64_t project_id) {
  SqlParams params{project_id};
  auto rs = co_await tx.query(kMembers, std::move(params));
  co_return first_column(rs);
}

}  // namespace tandem::store
