#include "store/kpi/circle_repository.hpp"

namespace tandem::store {

namespace {

constexpr Sql kList{"kpi_circle_list", "SELECT id, name FROM circles ORDER BY id"};
constexpr Sql kFind{"kpi_circle_find", "SELECT id, name FROM circles WHERE id = $1"};
constexpr Sql kFindByName{"kpi_circle_find_by_name",
                          "SELECT id, name FROM circles WHERE name = $1"};
constexpr Sql kInsert{"kpi_circle_insert", "INSERT INTO circles (name) VALUES ($1) RETURNING id"};
constexpr Sql kCirclesOf{"kpi_circles_of_user",
                         "SELECT c.id, c.name FROM user_circles uc JOIN circles c ON c.id = "
                         "uc.circle_id WHERE uc.user_id = $1 ORDER BY c.id"};
constexpr Sql kAllMemberships{"kpi_circle_memberships",
                              "SELECT uc.user_id, c.id, c.name FROM user_circles uc JOIN circles c "
                              "ON c.id = uc.circle_id ORDER BY uc.user_id, c.id"};
constexpr Sql kIsMember{"kpi_circle_is_member",
                        "SELECT 1 FROM user_circles WHERE user_id = $1 AND circle_id = $2"};
constexpr Sql kAddMember{"kpi_circle_add_member",
                         "INSERT INTO user_circles (user_id, circle_id) VALUES ($1, $2) "
                         "ON CONFLICT DO NOTHING"};

std::vector<CircleRecord> read_circles(const ResultSet& rs) {
  std::vector<CircleRecord> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r) out.push_back({rs.integer(r, 0), rs.text(r, 1)});
  return out;
}

std::optional<CircleRecord> first_circle(const ResultSet& rs) {
  if (rs.empty()) return std::nullopt;
  return CircleRecord{rs.integer(0, 0), rs.text(0, 1)};
}

}  // namespace

boost::asio::awaitable<std::vector<CircleRecord>> CircleRepository::list() {
  auto rs = co_await db_.query(kList, SqlParams{});
  co_return read_circles(rs);
}

boost::asio::awaitable<std::optional<CircleRecord>> CircleRepository::find(std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await db_.query(kFind, std::move(params));
  co_return first_circle(rs);
}

boost::asio::awaitable<std::optional<CircleRecord>> CircleRepository::find_by_name(
    const std::string& name) {
  SqlParams params{name};
  auto rs = co_await db_.query(kFindByName, std::move(params));
  co_return first_circle(rs);
}

boost::asio::awaitable<bool> CircleRepository::exists(Transaction& tx, std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await tx.query(kFind, std::move(params));
  co_return !rs.empty();
}

boost::asio::awaitable<std::int64_t> CircleRepository::insert(const std::string& name) {
  SqlParams params{name};
  auto rs = co_await db_.query(kInsert, std::move(params));
  co_return rs.integer(0, 0);
}

boost::asio::awaitable<std::vector<CircleRecord>> CircleRepository::circles_of(
    std::int64_t user_id) {
  SqlParams params{user_id};
  auto rs = co_await db_.query(kCirclesOf, std::move(params));
  co_return read_circles(rs);
}

boost::asio::awaitable<std::vector<CircleMembership>> CircleRepository::all_memberships() {
  auto rs = co_await db_.query(kAllMemberships, SqlParams{});
  std::vector<CircleMembership> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r)
    out.push_back({rs.integer(r, 0), {rs.integer(r, 1), rs.text(r, 2)}});
  co_return out;
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
