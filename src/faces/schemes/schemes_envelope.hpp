#pragma once
// The one response shape of the schemes face (spec/beyo.md §2.0): exactly the four keys status,
// message, body and server_message, written by Flask's JSON writer (sorted keys), with the HTTP
// status equal to `status`. Every answer of the face, errors and auth failures included, and the
// platform's own errors under the face's paths (404, 405, 413, 500, 503) take this shape.

#include <boost/json/array.hpp>
#include <string_view>

#include "platform/http/http_message.hpp"

namespace tandem::faces::schemes {

// {"body": body, "message": message, "server_message": server_message, "status": status}.
// The body is always an array (the contract has no other).
http::Response envelope(int status, std::string_view message, boost::json::array body,
                        std::string_view server_message = "");

// An envelope with body [].
http::Response envelope(int status, std::string_view message, std::string_view server_message = "");

// Platform errors under the face's paths, in the envelope: never exception text.
http::Response render_platform_error(int status, std::string_view text);

}  // namespace tandem::faces::schemes
