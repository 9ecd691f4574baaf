#include "store/kpi/circle_repository.hpp"

#include "store/db/columns.hpp"
#include "store/db/record_query.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {

// The same texts on both dialects.
const Columns<CircleRecord> kColumns{{"c.id", &CircleRecord::id}, {"c.name", &CircleRecord::name}};
const Columns<CircleMembership> kMembershipColumns{
    {"uc.user_id", &CircleMembership::user_id},
    {"c.id", &CircleMembership::circle, &CircleRecord::id},
    {"c.name", &CircleMembership::circle, &CircleRecord::name}};
const std::string kSelect = "SELECT " + kColumns.list() + " FROM circles c ";
const std::string kMembershipsFrom = " FROM user_circles uc JOIN circles c ON c.id = uc.circle_id ";

const Statement kList{"kpi_circle_list", kSelect + "ORDER BY c.id"};
const Statement kFind{"kpi_circle_find", kSelect + "WHERE c.id = $1"};
const Statement kFindByName{"kpi_circle_find_by_name", kSelect + "WHERE c.name = $1"};
const Statement kInsert{"kpi_circle_insert", "INSERT INTO circles (name) VALUES ($1) RETURNING id"};
const Statement kCirclesOf{"kpi_circles_of_user", "SELECT " + kColumns.list() + kMembershipsFrom +
                                                      "WHERE uc.user_id = $1 ORDER BY c.id"};
const Statement kAllMemberships{
    "kpi_circle_memberships",
    "SELECT " + kMembershipColumns.list() + kMembershipsFrom + "ORDER BY uc.user_id, c.id"};
const Statement kIsMember{"kpi_circle_is_member",
                          "SELECT 1 FROM user_circles WHERE user_id = $1 AND circle_id = $2"};
const Statement kAddMember{"kpi_circle_add_member",
                           "INSERT INTO user_circles (user_id, circle_id) VALUES ($1, $2) "
                           "ON CONFLICT DO NOTHING"};

}  // namespace

boost::asio::awaitable<std::vector<CircleRecord>> CircleRepository::list() {
  auto found = co_await all_records(db_, kList, kColumns);
  co_return found;
}

boost::asio::awaitable<std::optional<CircleRecord>> CircleRepository::find(std::int64_t id) {
  auto found = co_await first_record(db_, kFind, kColumns, id);
  co_return found;
}

boost::asio::awaitable<std::optional<CircleRecord>> CircleRepository::find_by_name(
    const std::string& name) {
  auto found = co_await first_record(db_, kFindByName, kColumns, name);
  co_return found;
}

boost::asio::awaitable<bool> CircleRepository::exists(Transaction& tx, std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await tx.query(kFind, std::move(params));
  co_return !rs.empty();
}

boost::asio::awaitable<std::int64_t> CircleRepository::insert(const std::string& name) {
  SqlParams params{name};
  auto rs = co_await db_.query(kInsert, std::move(params));
  co_return single_integer(rs);
}

boost::asio::awaitable<std::vector<CircleRecord>> CircleRepository::circles_of(
    std::int64_t user_id) {
  auto found = co_await all_records(db_, kCirclesOf, kColumns, user_id);
  co_return found;
}

boost::asio::awaitable<std::vector<CircleMembership>> CircleRepository::all_memberships() {
  auto found = co_await all_records(db_, kAllMemberships, kMembershipColumns);
  co_return found;
}

boost::asio::awaitable<bool> CircleRepository::is_member(Transaction& tx, std::int64_t user_id,
                                                         std::int64_t circle_id) {
  SqlParams params{user_id, circle_id};
  auto rs = co_await tx.query(kIsMember, std::move(params));
  co_return !rs.empty();
}

boost::asio::awaitable<void> CircleRepository::add_member(std::int64_t user_id,
                                                          std::int64_t circle_id) {
  SqlParams params{user_id, circle_id};
  auto rs = co_await db_.query(kAddMember, std::move(params));
  (void)rs;
}

}  // namespace tandem::store
