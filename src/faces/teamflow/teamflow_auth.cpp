#include "faces/teamflow/teamflow_auth.hpp"

#include <vector>

#include "faces/teamflow/teamflow_errors.hpp"

namespace tandem::faces::teamflow {

namespace {

constexpr std::string_view kMissing = "Token is missing";
constexpr std::string_view kFormat = "Invalid token format";
constexpr std::string_view kInvalid = "Invalid or expired token";

// Python's str.split(" "): every single space separates, so "a  b" has an empty middle piece.
std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  for (;;) {
    auto space = s.find(' ', start);
    if (space == std::string_view::npos) {
      pieces.push_back(s.substr(start));
      return pieces;
    }
    pieces.push_back(s.substr(start, space - start));
    start = space + 1;
  }
}

// A token minted by a face that names the user (TeamFlow's user_id/username) must name the user
// it now belongs to.
bool claims_match(const Principal& p) {
  const auto& claims = p.token.claims;
  if (const auto* id = claims.if_contains("user_id")) {
    if (!id->is_int64() || id->get_int64() != p.user.id) return false;
  }
  if (const auto* name = claims.if_contains("username")) {
    if (!name->is_string() || !p.user.username || name->get_string() != *p.user.username)
      return false;
  }
  return true;
}

}  // namespace

std::variant<std::string_view, http::Response> bearer_token(const http::Request& req) {
  auto header = req.header("authorization");
  if (!header) return error(401, kMissing);
  // The original's precedence: header.split(" ")[1] failing is a format error, an empty second
  // piece is a missing token.
  auto pieces = split_spaces(*header);
  if (pieces.size() < 2) return error(401, kFormat);
  if (pieces[1].empty()) return error(401, kMissing);
  // §8.10: the original ignored the scheme word and anything after the token.
  if (pieces.size() != 2 || !http::iequals(pieces[0], "Bearer")) return error(401, kFormat);
  return pieces[1];
}

boost::asio::awaitable<std::variant<Principal, http::Response>> authorize(
    TeamflowContext& ctx, const http::Request& req) {
  auto extracted = bearer_token(req);
  if (auto* refused = std::get_if<http::Response>(&extracted)) co_return std::move(*refused);
  auto token = std::get<std::string_view>(extracted);
  auto result = co_await ctx.identity.authenticate(token);
  // Every failure (bad signature, expired, revoked, refresh token, deleted or deactivated user)
  // is the original's one text: its client only shows it.
  auto* principal = std::get_if<Principal>(&result);
  if (principal == nullptr || !claims_match(*principal)) co_return error(401, kInvalid);
  co_return std::move(*principal);
}

}  // namespace tandem::faces::teamflow
