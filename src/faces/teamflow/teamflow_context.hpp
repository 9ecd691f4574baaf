#pragma once
#include "domain/board/board_service.hpp"
#include "domain/identity/identity_service.hpp"

namespace tandem::faces::teamflow {

struct TeamflowContext {
  domain::identity::IdentityService& identity;
  domain::board::BoardService& board;
};

}  // namespace tandem::faces::teamflow
