#pragma once
// The prologue every authenticated KPI route shares, run at registration (add_route) in the
// original's order: the JWT check first (Flask-JWT-Extended's decorator), then the body read as a
// JSON object.

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <string_view>

#include "faces/kpi/kpi_auth.hpp"
#include "platform/http/prologue_handler.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::kpi {

enum class Body { none, object };

// What a handler gets once the prologue passed.
struct Call {
  Principal principal;
  boost::json::object body;  // with Body::object

  const store::UserRecord& caller() const { return principal.user; }
};

// The handler's input, or the auth failure or bad body to send instead.
boost::asio::awaitable<http::PrologueResult<Call>> begin_call(KpiContext& ctx,
                                                              const http::Request& req, Body body);

using CallHandler = http::CallHandler<KpiContext, Call>;

// Registers a route that runs the prologue and then `handler`.
void add_route(http::Router& router, KpiContext& ctx, http::Method method, std::string_view pattern,
               Body body, CallHandler handler, http::RouteDoc doc);

}  // namespace tandem::faces::kpi
