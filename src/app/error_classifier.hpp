#pragma once
#include <exception>
#include <optional>

namespace tandem::app {

// Exceptions that mean "busy, retry" rather than "bug": a full database or hashing queue, an
// unreachable database. They become 503 + Retry-After; everything else is a 500.
std::optional<int> classify_exception(const std::exception& e);

}  // namespace tandem::app
