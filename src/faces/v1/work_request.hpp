#pragma once
// Request-side helpers shared by the v1 work routes (projects, tasks, reports, dashboard).

#include <string_view>
#include <vector>

#include "domain/work/actor.hpp"
#include "faces/v1/v1_auth.hpp"

namespace tandem::faces::v1 {

// The values of FlowTrack's enums, in its declaration order (pydantic lists them that way).
inline const std::vector<std::string_view> kProjectStatuses = {"pending", "in_progress",
                                                               "completed"};
inline const std::vector<std::string_view> kTaskStatuses = {"todo", "in_progress", "done"};
inline const std::vector<std::string_view> kTaskPriorities = {"low", "medium", "high"};

bool is_one_of(std::string_view value, const std::vector<std::string_view>& allowed);

domain::work::Actor actor_of(const Principal& principal);

// 403 for an admin-only operation (the domain's own check; authorize() normally answers first).
http::Response admin_required();

}  // namespace tandem::faces::v1
