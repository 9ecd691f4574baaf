#pragma once
// The timestamp texts the schemes engine accepts for ts columns (spec/beyo.md §2.3, §2.10), in
// filters and in written values alike: ISO-8601 (a trailing Z or an offset, converted to UTC;
// fractional seconds kept; no zone reads as UTC) or the RFC 1123 form every response uses
// ("Mon, 06 Oct 2025 20:14:13 GMT"), so a value read back can be written or filtered on again.

#include <cstdint>
#include <optional>
#include <string_view>

namespace tandem::domain::catalog {

// Microseconds since the epoch, UTC; nullopt when the text is neither form.
std::optional<std::int64_t> parse_timestamp_text(std::string_view text);

}  // namespace tandem::domain::catalog
