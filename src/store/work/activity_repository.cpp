#include "store/work/activity_repository.hpp"

#include "platform/uuid.hpp"

namespace tandem::store {

namespace {

constexpr Sql kInsert{
    "work_activity_insert",
    "INSERT INTO activity_logs (uuid, user_id, action, timestamp) VALUES ($1::uuid, $2, $3, $4)",
    "INSERT INTO activity_logs (uuid, user_id, action, timestamp) VALUES ($1, $2, $3, $4)"};
constexpr Sql kRecentOfUser{"work_activity_recent_of_user",
                            "SELECT l.uuid, u.uuid, l.action, l.timestamp FROM activity_logs l "
                            "JOIN users u ON u.id = l.user_id WHERE l.user_id = $1 "
                            "ORDER BY l.timestamp DESC, l.id DESC LIMIT $2"};
constexpr Sql kRecentOfAll{"work_activity_recent_of_all",
                           "SELECT l.uuid, u.uuid, l.action, l.timestamp FROM activity_logs l "
                           "JOIN users u ON u.id = l.user_id "
                           "ORDER BY l.timestamp DESC, l.id DESC LIMIT $1"};

}  // namespace

boost::asio::awaitable<void> ActivityRepository::insert(Transaction& tx, std::int64_t user_id,
                                                        const std::string& action,
                                                        std::int64_t now) {
  SqlParams params{platform::new_uuid_v4(), user_id, action, now};
  auto rs = co_await tx.query(kInsert, std::move(params));
  (void)rs;
}

boost::asio::awaitable<std::vector<ActivityRecord>> ActivityRepository::recent(
    std::optional<std::int64_t> user_id, std::int64_t limit) {
  ResultSet rs;
  if (user_id) {
    SqlParams params{*user_id, limit};
    auto found = co_await db_.query(kRecentOfUser, std::move(params));
    rs = std::move(found);
  } else {
    SqlParams params{limit};
    auto found = co_await db_.query(kRecentOfAll, std::move(params));
    rs = std::move(found);
  }
  std::vector<ActivityRecord> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r)
    out.push_back(ActivityRecord{rs.text(r, 0), rs.text(r, 1), rs.text(r, 2), rs.integer(r, 3)});
  co_return out;
}

}  // namespace tandem::store
