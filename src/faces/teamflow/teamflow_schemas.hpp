#pragma once
// JSON Schemas of the TeamFlow face for /openapi.json.

#include <boost/json/value.hpp>

namespace tandem::faces::teamflow::schemas {

boost::json::value error();    // {"error": str}
boost::json::value message();  // {"message": str}
boost::json::value task();
boost::json::value user();
boost::json::value credentials();
// token + user, plus "message" for signup.
boost::json::value session(bool with_message);
boost::json::value task_request(bool title_required);
boost::json::value health();

}  // namespace tandem::faces::teamflow::schemas
