#include "store/identity/revoked_token_repository.hpp"

namespace tandem::store {

namespace {
constexpr Sql kRevoke{"revoked_insert",
                      "INSERT INTO revoked_tokens (jti, expires_at, revoked_at) VALUES ($1, $2, "
                      "$3) ON CONFLICT (jti) DO NOTHING"};
constexpr Sql kIsRevoked{"revoked_find", "SELECT 1 FROM revoked_tokens WHERE jti = $1"};
constexpr Sql kSince{"revoked_since",
                     "SELECT jti, expires_at, revoked_at FROM revoked_tokens WHERE revoked_at >= "
                     "$1 ORDER BY revoked_at"};
constexpr Sql kPurge{"revoked_purge", "DELETE FROM revoked_tokens WHERE expires_at < $1"};
}  // namespace

boost::asio::awaitable<void> RevokedTokenRepository::revoke(const std::string& jti,
                                                            std::int64_t expires_at,
                                                            std::int64_t now) {
  SqlParams params{jti, expires_at, now};
  auto rs = co_await db_.query(kRevoke, std::move(params));
  (void)rs;
}

boost::asio::awaitable<bool> RevokedTokenRepository::is_revoked(const std::string& jti) {
  SqlParams params{jti};
  auto rs = co_await db_.query(kIsRevoked, std::move(params));
  co_return !rs.empty();
}

boost::asio::awaitable<std::vector<RevokedToken>> RevokedTokenRepository::revoked_since(
    std::int64_t since) {
  SqlParams params{since};
  auto rs = co_await db_.query(kSince, std::move(params));
  std::vector<RevokedToken> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r)
    out.push_back({rs.text(r, 0), rs.integer(r, 1), rs.integer(r, 2)});
  co_return out;
}

boost::asio::awaitable<std::int64_t> RevokedTokenRepository::purge_expired(std::int64_t now) {
  SqlParams params{now};
  auto rs = co_await db_.query(kPurge, std::move(params));
  co_return rs.affected_rows;
}

}  // namespace tandem::store
