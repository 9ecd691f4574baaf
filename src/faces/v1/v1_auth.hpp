#pragma once
// FastAPI's HTTPBearer + get_current_user + require_admin, with the user as of the last commit
// on every request (a deleted or demoted user loses access at once).

#include <boost/asio/awaitable.hpp>
#include <variant>

#include "faces/v1/v1_context.hpp"
#include "platform/http/http_message.hpp"

namespace tandem::faces::v1 {

using domain::identity::Principal;

enum class Access { authenticated, admin };

// The principal, or the response to send (403 Not authenticated, 401, 403 admin required).
boost::asio::awaitable<std::variant<Principal, http::Response>> authorize(V1Context& ctx,
                                                                          const http::Request& req,
                                                                          Access access);

// 401 "Could not validate credentials", as get_current_user answers any unusable token or user.
http::Response credentials_refused();

std::string_view v1_role(const store::UserRecord& user);  // "admin" | "member"

}  // namespace tandem::faces::v1
