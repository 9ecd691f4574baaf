#pragma once
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

struct RevokedToken {
  std::string jti;
  std::int64_t expires_at;  // microseconds; the row may be purged after this
  std::int64_t revoked_at;
};

class RevokedTokenRepository {
 public:
  explicit RevokedTokenRepository(Database& db) : db_(db) {}

  boost::asio::awaitable<void> revoke(const std::string& jti, std::int64_t expires_at,
                                      std::int64_t now);
  boost::asio::awaitable<bool> is_revoked(const std::string& jti);
  // Revocations recorded at or after `since`, for instances syncing their in-memory set.
  boost::asio::awaitable<std::vector<RevokedToken>> revoked_since(std::int64_t since);
  boost::asio::awaitable<std::int64_t> purge_expired(std::int64_t now);

 private:
  Database& db_;
};

}  // namespace tandem::store
