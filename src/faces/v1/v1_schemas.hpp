#pragma once
// JSON Schemas of v1's request and response bodies, for /openapi.json.
#include <boost/json/value.hpp>

namespace tandem::faces::v1::schemas {

boost::json::value register_request();
boost::json::value login_request();
boost::json::value auth_response();
boost::json::value token_response();
boost::json::value user_response();
boost::json::value user_update_request();
boost::json::value detail_error();

}  // namespace tandem::faces::v1::schemas
