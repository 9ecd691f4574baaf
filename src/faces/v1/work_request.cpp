#include "faces/v1/work_request.hpp"

#include <algorithm>

#include "faces/v1/v1_errors.hpp"

namespace tandem::faces::v1 {

bool is_one_of(std::string_view value, const std::vector<std::string_view>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

domain::work::Actor actor_of(const Principal& principal) {
  return domain::work::Actor{principal.user.id, principal.user.uuid, principal.is_admin()};
}

http::Response admin_required() {
  return detail(403, "Not enough permissions. Admin access required.");
}

}  // namespace tandem::faces::v1
