#pragma once
#include <chrono>
#include <string>

#include "domain/board/board_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "platform/versioned_cache.hpp"

namespace tandem::faces::teamflow {

// Rendered GET /api/tasks answers by page ("limit/offset"), valid until the next commit
// anywhere. The board is the client's whole view and is fetched after every change.
using TaskListCache = platform::VersionedCache<std::string, std::string>;

struct TeamflowContext {
  domain::identity::IdentityService& identity;
  domain::board::BoardService& board;
  TaskListCache task_lists{256, std::chrono::seconds(1)};
};

}  // namespace tandem::faces::teamflow
