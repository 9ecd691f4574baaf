#include "domain/work/audience.hpp"

namespace tandem::domain::work {

boost::asio::awaitable<Audience> gather_audience(store::Transaction& tx, const Actor& actor,
                                                 std::optional<std::int64_t> project_id) {
  store::AudienceRepository repository;
  auto rows = co_await repository.read(tx, project_id);
  Audience audience;
  audience.admins = std::move(rows.admins);
  audience.actor = actor.uuid;
  audience.members = std::move(rows.members);
  co_return audience;
}

}  // namespace tandem::domain::work
