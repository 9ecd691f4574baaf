#pragma once
// TeamFlow's one error shape, {"error": "..."} (spec/teamflow.md §4, §7: its client reads only
// `error`), for handler errors and for the platform's 404/405/500 under TeamFlow's paths, which
// the original answered with HTML pages (§8.15).

#include <string_view>

#include "domain/board/board_rules.hpp"
#include "platform/http/http_message.hpp"

namespace tandem::faces::teamflow {

http::Response error(int status, std::string_view text);

// The board's refusals with the original's texts where it had one (§6).
http::Response refusal(domain::board::BoardRefusal refusal);

// Renders platform errors (404, 405, 500, 503 ...) under the TeamFlow paths.
http::Response render_platform_error(int status, std::string_view text);

}  // namespace tandem::faces::teamflow
