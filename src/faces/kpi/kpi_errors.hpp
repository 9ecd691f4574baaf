#pragma once
// The original's error bodies: {"message": ...} from its handlers, {"msg": ...} from
// Flask-JWT-Extended (token errors, logout), {"error": ...} for a 500 (never exception text).

#include <string_view>

#include "platform/http/http_message.hpp"

namespace tandem::faces::kpi {

http::Response message(int status, std::string_view text);
http::Response msg(int status, std::string_view text);
http::Response internal_error();

// Renders platform errors (404, 405, 500, 503) under the KPI paths.
http::Response render_platform_error(int status, std::string_view text);

}  // namespace tandem::faces::kpi
