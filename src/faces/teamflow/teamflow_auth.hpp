#pragma once
// The original's @token_required (spec/teamflow.md §5) with the fixes of §8.1, §8.3 and §8.10:
// the three 401 texts keep their precedence, only the Bearer scheme (any case) with exactly one
// token is accepted, and the token must be a valid access token of the shared service whose user
// still exists. Any face's access token is accepted (design.md, "Auth").

#include <boost/asio/awaitable.hpp>
#include <string_view>
#include <variant>

#include "faces/teamflow/teamflow_context.hpp"
#include "platform/http/http_message.hpp"

namespace tandem::faces::teamflow {

using domain::identity::Principal;

// The token of the Authorization header, or the 401 to send.
std::variant<std::string_view, http::Response> bearer_token(const http::Request& req);

// The caller, or the 401 to send.
boost::asio::awaitable<std::variant<Principal, http::Response>> authorize(TeamflowContext& ctx,
                                                                          const http::Request& req);

}  // namespace tandem::faces::teamflow
