#pragma once
// The activity log: one row per change, written in the change's own transaction.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

struct ActivityRecord {
  std::string uuid;
  std::string user_uuid;  // the actor
  std::string action;
  std::int64_t timestamp = 0;
};

class ActivityRepository {
 public:
  explicit ActivityRepository(Database& db) : db_(db) {}

  boost::asio::awaitable<void> insert(Transaction& tx, std::int64_t user_id,
                                      const std::string& action, std::int64_t now);
  // Newest first; of one actor, or of everyone when `user_id` is empty.
  boost::asio::awaitable<std::vector<ActivityRecord>> recent(std::optional<std::int64_t> user_id,
                                                             std::int64_t limit);

 private:
  Database& db_;
};

}  // namespace tandem::store
