#pragma once
// JSON string literals as FastAPI writes them (json.dumps with ensure_ascii=False): UTF-8 text
// stays as it is; only the quote, the backslash and control characters are escaped. The Flask
// faces escape everything beyond ASCII as well (flask_json.hpp), on top of the same ASCII rules.

#include <string>
#include <string_view>

namespace tandem::platform {

// True for the ASCII characters json.dumps always escapes: '"', '\\' and those below 0x20.
inline bool is_json_escaped_ascii(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// Appends the escape of one such character, as json.dumps writes it: \" \\ \n \r \t \b \f, and
// \u00XX (lower-case hex) for the other control characters.
void append_ascii_escape(std::string& out, unsigned char c);

// Appends `text` as a quoted JSON string; other bytes are copied through, invalid UTF-8
// included, as Boost.JSON's serializer did for the same fields.
void append_json_string_utf8(std::string& out, std::string_view text);

}  // namespace tandem::platform
