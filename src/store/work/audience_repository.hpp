#pragma once
// Who is told about a change (spec/flowtrack.md §4.3): read inside the change's transaction, so
// a deleted project's members are known before they cascade away. One statement for admins and
// members together: it runs in every change that writes an event, and each round trip there
// holds the change's connection (and the rows it locked) a little longer.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

struct AudienceRows {
  std::vector<std::string> admins;   // user uuids of every admin, by user id
  std::vector<std::string> members;  // of the project's current members, by membership
};

class AudienceRepository {
 public:
  // The admins, and the members of `project_id` when one is given.
  boost::asio::awaitable<AudienceRows> read(Transaction& tx,
                                            std::optional<std::int64_t> project_id);
};

}  // namespace tandem::store
