#pragma once
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "store/identity/user_repository.hpp"

namespace tandem::faces::v1 {

// UserResponse as JSON text (name, email, role, id, created_at, updated_at, in that order):
// one user, and a list of them.
std::string render_user(const store::UserRecord& user);
std::string render_users(const std::vector<store::UserRecord>& users);

// The claims FlowTrack's clients know; the token service adds sub/type/jti/iat/exp.
boost::json::object v1_claims(const store::UserRecord& user);

// refresh_token cookie as FlowTrack sets it, with the SameSite/Secure of V1Settings.
std::string refresh_cookie(const std::string& token, std::int64_t max_age, bool secure);
std::string expired_refresh_cookie(bool secure);

}  // namespace tandem::faces::v1
