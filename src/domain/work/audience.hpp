#pragma once
// Reads, inside a change's transaction, the users its event goes to.

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "domain/work/work_events.hpp"
#include "store/work/audience_repository.hpp"

namespace tandem::domain::work {

// Admins and the actor, plus the members of `project_id` when given (callers add assignees).
boost::asio::awaitable<Audience> gather_audience(store::Transaction& tx, const Actor& actor,
                                                 std::optional<std::int64_t> project_id);

}  // namespace tandem::domain::work
