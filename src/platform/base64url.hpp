#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tandem::platform {

// RFC 4648 section 5 alphabet, without '=' padding (the form JWTs use).
std::string base64url_encode(std::string_view bytes);

// Strict inverse of base64url_encode: rejects padding, characters outside the alphabet, a length
// of 4n+1, and non-zero bits left over in the last character. The last rule makes the encoding
// canonical, so a token has exactly one spelling and cannot be altered without changing bytes.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace tandem::platform
