#pragma once
#include <string>
#include <string_view>

namespace tandem::http {

// Decodes %XX escapes; with plus_is_space, '+' becomes ' ' (query strings, not paths).
// Malformed escapes are kept literally, as browsers and Starlette do.
std::string percent_decode(std::string_view in, bool plus_is_space);

}  // namespace tandem::http
