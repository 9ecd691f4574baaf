#include "store/work/audience_repository.hpp"

#include "store/db/columns.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {

// The same texts on both dialects.
const Statement kAdmins{"work_audience_admins",
                        "SELECT u.uuid FROM users u JOIN user_roles ur ON ur.user_id = u.id "
                        "JOIN roles r ON r.id = ur.role_id WHERE lower(r.name) = 'admin' "
                        "ORDER BY u.id"};
const Statement kMembers{"work_audience_members",
                         "SELECT u.uuid FROM project_members m JOIN users u ON u.id = m.user_id "
                         "WHERE m.project_id = $1 ORDER BY m.id"};

}  // namespace

boost::asio::awaitable<std::vector<std::string>> AudienceRepository::admin_uuids(Transaction& tx) {
  SqlParams params;
  auto rs = co_await tx.query(kAdmins, std::move(params));
  co_return text_column(rs);
}

boost::asio::awaitable<std::vector<std::string>> AudienceRepository::member_uuids(
    Transaction& tx, std::int64_t project_id) {
  SqlParams params{project_id};
  auto rs = co_await tx.query(kMembers, std::move(params));
  co_return text_column(rs);
}

}  // namespace tandem::store
