#pragma once
// JSON text with floats written the way Python's json module writes them (50.0, 33.33, 0.0):
// Boost.JSON writes 5E1 / 3.333E1, which parses to the same number but is not what FastAPI's
// clients have ever printed.

#include <boost/json/value.hpp>
#include <string>

#include "platform/http/http_message.hpp"

namespace tandem::faces::v1 {

std::string python_json(const boost::json::value& value);

http::Response python_json_response(int status, const boost::json::value& body);

}  // namespace tandem::faces::v1
