#include "store/db/database_health.hpp"

namespace tandem::store {

namespace {
constexpr Sql kPing{"health_ping", "SELECT 1"};
}  // namespace

boost::asio::awaitable<bool> database_answers(Database& db) {
  try {
    auto rs = co_await db.query(kPing, SqlParams{});
    co_return !rs.empty();
  } catch (const std::exception&) {
    co_return false;
  }
}

}  // namespace tandem::store
