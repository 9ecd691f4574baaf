#pragma once
// JSON string literals as FastAPI writes them (json.dumps with ensure_ascii=False): UTF-8 text
// stays as it is; only the quote, the backslash and control characters are escaped. The Flask
// faces escape everything beyond ASCII instead (flask_json.hpp).

#include <string>
#include <string_view>

namespace tandem::platform {

// Appends `text` as a quoted JSON string; bytes are copied through, invalid UTF-8 included, as
// Boost.JSON's serializer did for the same fields.
void append_json_string_utf8(std::string& out, std::string_view text);

}  // namespace tandem::platform
