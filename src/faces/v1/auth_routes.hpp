#pragma once
#include "faces/v1/v1_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::v1 {

// POST /api/v1/auth/register, /login, /refresh, /logout.
void add_auth_routes(http::Router& router, V1Context& ctx);

}  // namespace tandem::faces::v1
