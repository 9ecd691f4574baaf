#pragma once
// JSON Schemas of the schemes face for /openapi.json: the request shapes of spec/beyo.md §2.2,
// §2.6, §2.8, §2.9 and §3.3, and the four-key envelope every answer has.

#include <boost/json/value.hpp>

namespace tandem::faces::schemes::schemas {

// {status, message, body: [items], server_message}.
boost::json::value envelope(boost::json::value body_items);
// The envelope of an error or of an answer without rows (body []).
boost::json::value plain_envelope();

boost::json::value get_items_request();
boost::json::value create_items_request();  // an object or a list of them
boost::json::value update_items_request();
boost::json::value delete_items_request();
boost::json::value probe_request();
boost::json::value login_request();
boost::json::value login_item();  // {token, payload}

}  // namespace tandem::faces::schemes::schemas
