#pragma once
// The prologue of every authenticated schemes route, run at registration (add_route): the
// caller is authenticated (schemes_auth.hpp) before the body is read, so a request without
// credentials is a 401 whatever it carries.

#include <string_view>

#include "faces/schemes/schemes_auth.hpp"
#include "platform/http/prologue_handler.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::schemes {

using CallHandler = http::CallHandler<SchemesContext, SchemesCall>;

// Registers a route that authenticates the caller and then runs `handler` with them.
void add_route(http::Router& router, SchemesContext& ctx, http::Method method,
               std::string_view pattern, CallHandler handler, http::RouteDoc doc);

}  // namespace tandem::faces::schemes
