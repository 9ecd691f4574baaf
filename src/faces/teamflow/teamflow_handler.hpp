#pragma once
// The prologue of every TeamFlow task route, run at registration (add_route): the original's
// @token_required. Bodies are read by each handler, because the original's routes differ in when
// they look at them (PUT looks the task up first, spec/teamflow.md §6).

#include <string_view>

#include "faces/teamflow/teamflow_auth.hpp"
#include "platform/http/prologue_handler.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::teamflow {

using CallHandler = http::CallHandler<TeamflowContext, Principal>;

// Registers a route that authorizes the caller and then runs `handler` with them.
void add_route(http::Router& router, TeamflowContext& ctx, http::Method method,
               std::string_view pattern, CallHandler handler, http::RouteDoc doc);

}  // namespace tandem::faces::teamflow
