#include "faces/teamflow/session.hpp"

#include "faces/teamflow/teamflow_render.hpp"

namespace tandem::faces::teamflow {

std::string issue_token(TeamflowContext& ctx, const store::UserRecord& user) {
  boost::json::object claims;
  claims["user_id"] = user.id;
  if (user.username)
    claims["username"] = *user.username;
  else
    claims["username"] = nullptr;
  auto issued =
      ctx.identity.tokens().issue(user, domain::identity::TokenType::access, std::move(claims),
                                  ctx.board.settings().token_ttl_seconds);
  return std::move(issued.token);
}

boost::json::object session_body(TeamflowContext& ctx, const store::UserRecord& user) {
  boost::json::object body;
  body["token"] = issue_token(ctx, user);
  body["user"] = render_user(user);
  return body;
}

}  // namespace tandem::faces::teamflow
