#pragma once
#include <string>
#include <string_view>

namespace tandem::http {

// Decodes %XX escapes; with plus_is_space, '+' becomes ' ' (query strings, not paths).
// Malformed escapes are kept literally, as browsers and Starlette do. The result is always valid
// UTF-8: bytes that do not decode become U+FFFD, as urllib.parse.unquote does (platform/utf8.hpp).
std::string percent_decode(std::string_view in, bool plus_is_space);

}  // namespace tandem::http
