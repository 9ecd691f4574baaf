#pragma once
// Flask-JWT-Extended 4.5.3's @jwt_required() with its default messages (spec/kpi.md §2.0), plus
// the fix of §5.2: the caller is checked on every request against the user row as of the last
// commit (IdentityService's short cache), so a deleted user gets 401 and a deactivated one 403. Any
// face's access token is accepted (design.md, "Auth").

#include <boost/asio/awaitable.hpp>
#include <string_view>
#include <variant>

#include "faces/kpi/kpi_context.hpp"
#include "platform/http/http_message.hpp"

namespace tandem::faces::kpi {

using domain::identity::Principal;

// The Bearer token of the Authorization header, or the 401/422 to send.
std::variant<std::string_view, http::Response> bearer_token(const http::Request& req);

// The principal, or the response to send.
boost::asio::awaitable<std::variant<Principal, http::Response>> authorize(KpiContext& ctx,
                                                                          const http::Request& req);

}  // namespace tandem::faces::kpi
