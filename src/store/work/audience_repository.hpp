#pragma once
// Who is told about a change (spec/flowtrack.md §4.3): read inside the change's transaction, so
// a deleted project's members are known before they cascade away.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

class AudienceRepository {
 public:
  // User uuids of every admin.
  boost::asio::awaitable<std::vector<std::string>> admin_uuids(Transaction& tx);
  // User uuids of the project's current members.
  boost::asio::awaitable<std::vector<std::string>> member_uuids(Transaction& tx,
                                                                std::int64_t project_id);
};

}  // namespace tandem::store
