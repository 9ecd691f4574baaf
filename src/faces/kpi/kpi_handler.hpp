#pragma once
// The prologue every authenticated KPI handler shares, in the original's order: the JWT check
// runs first (Flask-JWT-Extended's decorator), then the body is read as a JSON object.

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <optional>

#include "faces/kpi/kpi_auth.hpp"

namespace tandem::faces::kpi {

enum class Body { none, object };

struct Call {
  std::optional<http::Response> response;  // set: send it at once (auth failure or bad body)
  std::optional<Principal> principal;
  boost::json::object body;  // with Body::object

  const store::UserRecord& caller() const { return principal->user; }
};

boost::asio::awaitable<Call> begin_call(KpiContext& ctx, const http::Request& req, Body body);

}  // namespace tandem::faces::kpi
