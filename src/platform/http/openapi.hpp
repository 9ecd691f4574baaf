#pragma once
// /openapi.json is generated from the router's table, so a registered route cannot be missing
// from it.

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "platform/http/router.hpp"

namespace tandem::http {

RouteDoc describe(std::string summary, std::string tag, bool requires_auth,
                  boost::json::value request_body, std::vector<RouteDoc::ResponseDoc> responses,
                  std::vector<RouteDoc::QueryParam> query = {});

// JSON Schema helpers (OpenAPI 3.0 dialect).
namespace schema {
boost::json::value string(bool nullable = false, std::string format = {});
boost::json::value integer();
boost::json::value number();
boost::json::value boolean();
boost::json::value enumeration(const std::vector<std::string>& values, bool nullable = false);
boost::json::value array_of(boost::json::value items);
boost::json::value object(std::vector<std::pair<std::string, boost::json::value>> properties,
                          std::vector<std::string> required = {});
boost::json::value any_object();
}  // namespace schema

boost::json::object render_openapi(const Router& router, const std::string& title,
                                   const std::string& version);

}  // namespace tandem::http
