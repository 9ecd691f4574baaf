#pragma once
#include <chrono>
#include <string>
#include <string_view>

#include "domain/board/board_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "platform/versioned_cache.hpp"

namespace tandem::faces::teamflow {

// The rendered GET /api/tasks answer (the whole board), valid until the next commit anywhere.
// The board is the client's whole view and is fetched after every change.
using BoardCache = platform::VersionedCache<std::string_view, std::string>;

struct TeamflowContext {
  domain::identity::IdentityService& identity;
  domain::board::BoardService& board;
  BoardCache board_cache{1, std::chrono::seconds(1)};
};

}  // namespace tandem::faces::teamflow
