#pragma once
// The audit trail of KPI values (spec/kpi.md §1.7): one row per add or edit, written in the
// same transaction as the change, with the acting user and the value that change wrote.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

struct ChangeLogRecord {
  std::int64_t id = 0;
  std::int64_t kpi_value_id = 0;
  std::optional<std::int64_t> user_id;
  std::int64_t registered_at = 0;  // microseconds, UTC
  std::string activity;
};

// One row of a circle's activity feed.
struct ChangeFeedRow {
  double value = 0;  // the value at that event (the current value for legacy rows)
  std::string kpi_name;
  std::optional<std::string> username;  // the acting user's display name
  std::string activity;
  std::int64_t registered_at = 0;
};

struct NewChangeLog {
  std::int64_t kpi_value_id = 0;
  std::int64_t user_id = 0;
  std::int64_t now = 0;
  std::string activity;
  double value = 0;
};

class ChangeLogRepository {
 public:
  explicit ChangeLogRepository(Database& db) : db_(db) {}

  boost::asio::awaitable<void> insert(Transaction& tx, const NewChangeLog& entry);
  // Newest first, ties broken by id (newest first too).
  boost::asio::awaitable<std::vector<ChangeLogRecord>> recent_for_value(std::int64_t kpi_value_id,
                                                                        std::int64_t limit);
  // Changes to values of the circle's KPIs logged in [from, to), oldest first.
  boost::asio::awaitable<std::vector<ChangeFeedRow>> circle_feed(std::int64_t circle_id,
                                                                 std::int64_t from_micros,
                                                                 std::int64_t to_micros);

 private:
  Database& db_;
};

}  // namespace tandem::store
