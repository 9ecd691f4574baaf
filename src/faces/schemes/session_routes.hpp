#pragma once
#include "faces/schemes/schemes_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::schemes {

// GET/POST /api (session probe), POST /api/login, POST /api/logout (spec/beyo.md §3.3, issue
// decisions 4 and 5).
void add_session_routes(http::Router& router, SchemesContext& ctx);

}  // namespace tandem::faces::schemes
