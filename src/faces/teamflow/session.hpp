#pragma once
// The token TeamFlow's client stores: user_id and username first (the original's whole payload),
// then the shared service's sub/type/jti/iat/exp (spec/teamflow.md §8.1), valid for the board's
// session lifetime.

#include <boost/json/object.hpp>
#include <string>

#include "faces/teamflow/teamflow_context.hpp"

namespace tandem::faces::teamflow {

std::string issue_token(TeamflowContext& ctx, const store::UserRecord& user);

// {"token": ..., "user": {...}}; signup adds "message".
boost::json::object session_body(TeamflowContext& ctx, const store::UserRecord& user);

}  // namespace tandem::faces::teamflow
