#pragma once
// KPI circles and who belongs to them (spec/kpi.md §1.3, §1.4).

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

struct CircleRecord {
  std::int64_t id = 0;
  std::string name;
};

struct CircleMembership {
  std::int64_t user_id = 0;
  CircleRecord circle;
};

class CircleRepository {
 public:
  explicit CircleRepository(Database& db) : db_(db) {}

  boost::asio::awaitable<std::vector<CircleRecord>> list();
  boost::asio::awaitable<std::optional<CircleRecord>> find(std::int64_t id);
  boost::asio::awaitable<bool> exists(Transaction& tx, std::int64_t id);
  // Throws DatabaseError(unique_violation) for a taken name.
  boost::asio::awaitable<std::int64_t> insert(const std::string& name);
  boost::asio::awaitable<std::optional<CircleRecord>> find_by_name(const std::string& name);

  // Circles of one user, by circle id.
  boost::asio::awaitable<std::vector<CircleRecord>> circles_of(std::int64_t user_id);
  // Every membership, ordered by user then circle: one query for a whole user list.
  boost::asio::awaitable<std::vector<CircleMembership>> all_memberships();
  boost::asio::awaitable<bool> is_member(Transaction& tx, std::int64_t user_id,
                                         std::int64_t circle_id);
  // Idempotent.
  boost::asio::awaitable<void> add_member(std::int64_t user_id, std::int64_t circle_id);

 private:
  Database& db_;
};

}  // namespace tandem::store
