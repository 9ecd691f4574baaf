#include "store/kpi/change_log_repository.hpp"

namespace tandem::store {

namespace {

constexpr Sql kInsert{"kpi_change_log_insert",
                      "INSERT INTO change_logs (kpi_value_id, user_id, registered_at, activity, "
                      "value) VALUES ($1, $2, $3, $4, $5)"};
constexpr Sql kRecent{"kpi_change_log_recent",
                      "SELECT id, kpi_value_id, user_id, registered_at, activity FROM change_logs "
                      "WHERE kpi_value_id = $1 ORDER BY registered_at DESC, id DESC LIMIT $2"};
constexpr Sql kCircleFeed{
    "kpi_change_log_circle_feed",
    "SELECT coalesce(cl.value, v.value), k.name, "
    "coalesce(u.display_name, u.name, u.username, u.email), cl.activity, cl.registered_at "
    "FROM change_logs cl JOIN kpi_values v ON v.id = cl.kpi_value_id "
    "JOIN kpis k ON k.id = v.kpi_id LEFT JOIN users u ON u.id = cl.user_id "
    "WHERE k.circle_id = $1 AND cl.registered_at >= $2 AND cl.registered_at < $3 "
    "ORDER BY cl.registered_at, cl.id"};

}  // namespace

boost::asio::awaitable<void> ChangeLogRepository::insert(Transaction& tx, const NewChangeLog& e) {
  SqlParams params{e.kpi_value_id, e.user_id, e.now, e.activity, e.value};
  auto rs = co_await tx.query(kInsert, std::move(params));
  (void)rs;
}

boost::asio::awaitable<std::vector<ChangeLogRecord>> ChangeLogRepository::recent_for_value(
    std::int64_t kpi_value_id, std::int64_t limit) {
  SqlParams params{kpi_value_id, limit};
  auto rs = co_await db_.query(kRecent, std::move(params));
  std::vector<ChangeLogRecord> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r)
    out.push_back({rs.integer(r, 0), rs.integer(r, 1), rs.optional_integer(r, 2), rs.integer(r, 3),
                   rs.text(r, 4)});
  co_return out;
}

boost::asio::awaitable<std::vector<ChangeFeedRow>> ChangeLogRepository::circle_feed(
    std::int64_t circle_id, std::int64_t from_micros, std::int64_t to_micros) {
  SqlParams params{circle_id, from_micros, to_micros};
  auto rs = co_await db_.query(kCircleFeed, std::move(params));
  std::vector<ChangeFeedRow> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r)
    out.push_back(
        {rs.real(r, 0), rs.text(r, 1), rs.optional_text(r, 2), rs.text(r, 3), rs.integer(r, 4)});
  co_return out;
}

}  // namespace tandem::store
