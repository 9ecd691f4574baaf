#include "domain/work/audience.hpp"

namespace tandem::domain::work {

boost::asio::awaitable<Audience> gather_audience(store::Transaction& tx, const Actor& actor,
                                                 std::optional<std::int64_t> project_id) {
  store::AudienceRepository repository;
  Audience audience;
  auto admins = co_await repository.admin_uuids(tx);
  audience.admins = std::move(admins);
  audience.actor = actor.uuid;
  if (project_id) {
    auto members = co_await repository.member_uuids(tx, *project_id);
    audience.members = std::move(members);
  }
  co_return audience;
}

}  // namespace tandem::domain::work
