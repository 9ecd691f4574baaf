#pragma once
#include "faces/v1/v1_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::v1 {

// /api/v1/users/me and the admin-only user management routes.
void add_user_routes(http::Router& router, V1Context& ctx);

}  // namespace tandem::faces::v1
