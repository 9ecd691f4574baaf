#pragma once
// The TeamFlow board's configurable rules (spec/teamflow.md §8), named TANDEM_TEAMFLOW_<NAME>
// (design.md).

#include <cstdint>

namespace tandem::domain::board {

struct BoardSettings {
  // TANDEM_TEAMFLOW_TOKEN_HOURS (§8.1): how long a token minted by the TeamFlow face lasts. Its
  // client has no refresh and no 401 handling, so a session spans a working day rather than the
  // shared one-hour access lifetime.
  std::int64_t token_ttl_seconds = 24 * 3600;
};

}  // namespace tandem::domain::board
