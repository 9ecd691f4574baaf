#pragma once
// UTF-8 validity at the edge. Client bytes (percent-decoded paths and query values, raw target
// bytes) may be any octets, but everything that flows on into handlers and JSON bodies must be
// valid UTF-8: a JSON text with a stray 0xC3 byte is not JSON. Invalid sequences are replaced
// the way Python's decoder (errors="replace", used by urllib.parse.unquote) does, so the text a
// face echoes matches what its original would have echoed.

#include <string>
#include <string_view>

namespace tandem::platform {

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view text);

// `text` with every maximal invalid subsequence replaced by U+FFFD (Unicode's "maximal subpart"
// practice, which Python follows). Valid input comes back unchanged.
std::string to_valid_utf8(std::string_view text);

// Length in bytes of the well-formed sequence starting at text[0], or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text);

}  // namespace tandem::platform
