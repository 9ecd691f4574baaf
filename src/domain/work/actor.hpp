#pragma once
// The authenticated caller of a work operation, as the work rules need it.

#include <cstdint>
#include <string>

namespace tandem::domain::work {

struct Actor {
  std::int64_t id = 0;  // users.id
  std::string uuid;     // users.uuid, the id events carry
  bool admin = false;
};

}  // namespace tandem::domain::work
