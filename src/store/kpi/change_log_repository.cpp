#include "store/kpi/change_log_repository.hpp"

#include "store/db/columns.hpp"
#include "store/db/record_query.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {

// The same texts on both dialects.
const Columns<ChangeLogRecord> kLogColumns{{"id", &ChangeLogRecord::id},
                                           {"kpi_value_id", &ChangeLogRecord::kpi_value_id},
                                           {"user_id", &ChangeLogRecord::user_id},
                                           {"registered_at", &ChangeLogRecord::registered_at},
                                           {"activity", &ChangeLogRecord::activity}};
const Columns<ChangeFeedRow> kFeedColumns{
    {"coalesce(cl.value, v.value)", &ChangeFeedRow::value},
    {"k.name", &ChangeFeedRow::kpi_name},
    {"coalesce(u.display_name, u.name, u.username, u.email)", &ChangeFeedRow::username},
    {"cl.activity", &ChangeFeedRow::activity},
    {"cl.registered_at", &ChangeFeedRow::registered_at}};

const Statement kInsert{"kpi_change_log_insert",
                        "INSERT INTO change_logs (kpi_value_id, user_id, registered_at, activity, "
                        "value) VALUES ($1, $2, $3, $4, $5)"};
const Statement kRecent{"kpi_change_log_recent",
                        "SELECT " + kLogColumns.list() +
                            " FROM change_logs WHERE kpi_value_id = $1 "
                            "ORDER BY registered_at DESC, id DESC LIMIT $2"};
const Statement kCircleFeed{
    "kpi_change_log_circle_feed",
    "SELECT " + kFeedColumns.list() +
        " FROM change_logs cl JOIN kpi_values v ON v.id = cl.kpi_value_id "
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
  auto found = co_await all_records(db_, kRecent, kLogColumns, kpi_value_id, limit);
  co_return found;
}

boost::asio::awaitable<std::vector<ChangeFeedRow>> ChangeLogRepository::circle_feed(
    std::int64_t circle_id, std::int64_t from_micros, std::int64_t to_micros) {
  auto found =
      co_await all_records(db_, kCircleFeed, kFeedColumns, circle_id, from_micros, to_micros);
  co_return found;
}

}  // namespace tandem::store
