#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::platform {

using UuidBytes = std::array<std::uint8_t, 16>;

// Random (version 4) UUID in lowercase hyphenated form.
std::string new_uuid_v4();

// Why parsing fails, in the words pydantic uses for `uuid_parsing` errors.
struct UuidParseError {
  std::string reason;
};

// Accepts what Python's uuid.UUID accepts: hyphenated or 32 hex digits, any case, optional
// braces and "urn:uuid:" prefix. Returns the canonical lowercase hyphenated form.
std::optional<std::string> parse_uuid(std::string_view text, UuidParseError* error = nullptr);

// Cryptographically random bytes as lowercase hex (secrets).
std::string random_hex(std::size_t bytes);

// 32 hex digits from a per-thread generator seeded once from the system: unique enough for
// request ids and far cheaper than a system call per request. Never for secrets.
std::string request_id_hex();

}  // namespace tandem::platform
