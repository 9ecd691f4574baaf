#include "store/identity/revoked_token_repository.hpp"

#include "store/db/columns.hpp"
#include "store/db/record_query.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {
// The same texts on both dialects.
const Columns<RevokedToken> kColumns{{"jti", &RevokedToken::jti},
                                     {"expires_at", &RevokedToken::expires_at},
                                     {"revoked_at", &RevokedToken::revoked_at}};
const Statement kRevoke{"revoked_insert",
                        "INSERT INTO revoked_tokens (jti, expires_at, revoked_at) VALUES ($1, $2, "
                        "$3) ON CONFLICT (jti) DO NOTHING"};
const Statement kIsRevoked{"revoked_find", "SELECT 1 FROM revoked_tokens WHERE jti = $1"};
const Statement kSince{"revoked_since", "SELECT " + kColumns.list() +
                                            " FROM revoked_tokens WHERE revoked_at >= $1 "
                                            "ORDER BY revoked_at"};
const Statement kPurge{"revoked_purge", "DELETE FROM revoked_tokens WHERE expires_at < $1"};
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
  auto found = co_await all_records(db_, kSince, kColumns, since);
  co_return found;
}

boost::asio::awaitable<std::int64_t> RevokedTokenRepository::purge_expired(std::int64_t now) {
  SqlParams params{now};
  auto rs = co_await db_.query(kPurge, std::move(params));
  co_return rs.affected_rows;
}

}  // namespace tandem::store
