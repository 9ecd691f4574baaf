#include "store/work/activity_repository.hpp"

#include "platform/uuid.hpp"
#include "store/db/columns.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {

const Columns<ActivityRecord> kColumns{{"l.uuid", &ActivityRecord::uuid},
                                       {"u.uuid", &ActivityRecord::user_uuid},
                                       {"l.action", &ActivityRecord::action},
                                       {"l.timestamp", &ActivityRecord::timestamp}};

struct ActivityStatements {
  explicit ActivityStatements(const SqlDialect& d)
      : select("SELECT " + kColumns.list() +
               " FROM activity_logs l JOIN users u ON u.id = l.user_id "),
        insert("work_activity_insert",
               "INSERT INTO activity_logs (uuid, user_id, action, timestamp) VALUES (" +
                   d.uuid("$1") + ", $2, $3, $4)"),
        recent_of_user("work_activity_recent_of_user",
                       select +
                           "WHERE l.user_id = $1 ORDER BY l.timestamp DESC, l.id DESC "
                           "LIMIT $2"),
        recent_of_all("work_activity_recent_of_all",
                      select + "ORDER BY l.timestamp DESC, l.id DESC LIMIT $1") {}

  std::string select;
  Statement insert, recent_of_user, recent_of_all;
};

const ActivityStatements& statements(Database& db) {
  return per_dialect<ActivityStatements>(db.dialect());
}

}  // namespace

boost::asio::awaitable<void> ActivityRepository::insert(Transaction& tx, std::int64_t user_id,
                                                        const std::string& action,
                                                        std::int64_t now) {
  SqlParams params{platform::new_uuid_v4(), user_id, action, now};
  auto rs = co_await tx.query(statements(db_).insert, std::move(params));
  (void)rs;
}

boost::asio::awaitable<std::vector<ActivityRecord>> ActivityRepository::recent(
    std::optional<std::int64_t> user_id, std::int64_t limit) {
  ResultSet rs;
  if (user_id) {
    SqlParams params{*user_id, limit};
    auto found = co_await db_.query(statements(db_).recent_of_user, std::move(params));
    rs = std::move(found);
  } else {
    SqlParams params{limit};
    auto found = co_await db_.query(statements(db_).recent_of_all, std::move(params));
    rs = std::move(found);
  }
  co_return kColumns.all(rs);
}

}  // namespace tandem::store
