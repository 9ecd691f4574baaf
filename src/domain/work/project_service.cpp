#include "domain/work/project_service.hpp"

#include "domain/work/audience.hpp"
#include "domain/work/event_outbox.hpp"
#include "domain/work/work_events.hpp"
#include "platform/clock.hpp"
#include "platform/uuid.hpp"

namespace tandem::domain::work {

namespace {

store::ProjectVisibility visibility_of(const Actor& actor) {
  return store::ProjectVisibility{actor.admin, actor.id};
}

// How the activity log names a user: FlowTrack users always have an email; TeamFlow's may not.
std::string log_name(const store::UserRecord& user) {
  if (user.email) return *user.email;
  if (user.username) return *user.username;
  return user.uuid;
}

}  // namespace

ProjectService::ProjectService(store::Database& db, platform::EventBus* events)
    : db_(db), events_(events), projects_(db), users_(db), activity_(db), stored_events_(db) {}

boost::asio::awaitable<bool> ProjectService::can_see(const Actor& actor,
                                                     const store::ProjectRecord& project) {
  if (actor.admin) co_return true;
  auto member = co_await projects_.is_member(project.id, actor.id);
  co_return member;
}

boost::asio::awaitable<std::variant<store::ProjectRecord, ProjectFailure>> ProjectService::create(
    const Actor& actor, ProjectInput input) {
  if (!actor.admin) co_return ProjectFailure::not_admin;
  store::NewProject row;
  row.uuid = platform::new_uuid_v4();
  row.name = std::move(input.name);
  row.description = std::move(input.description);
  row.deadline = std::move(input.deadline);
  row.created_by = actor.id;
  row.now = platform::Clock::instance().now_micros();

  auto tx = co_await db_.begin();
  auto id = co_await projects_.insert(*tx, row);
  (void)id;
  std::string action = "created project: " + row.name;
  co_await activity_.insert(*tx, actor.id, action, row.now);
  auto created = co_await projects_.find(row.uuid, tx.get());
  std::optional<std::int64_t> no_project;  // project_created goes to admins and the actor only
  auto audience = co_await gather_audience(*tx, actor, no_project);
  auto change_event = project_created_event(*created, actor, row.now);
  auto event =
      co_await record_event(stored_events_, *tx, std::move(change_event), audience, row.now);
  co_await tx->commit();
  publish(events_, std::move(event));
  co_return std::move(*created);
}

boost::asio::awaitable<std::vector<store::ProjectRecord>> ProjectService::list(
    const Actor& actor, const ProjectQuery& query) {
  store::ProjectListFilter filter;
  filter.visibility = visibility_of(actor);
  filter.status = query.status;
  filter.query = query.text;
  filter.skip = query.skip;
  filter.limit = query.limit;
  auto found = co_await projects_.list(filter);
  co_return found;
}

boost::asio::awaitable<std::optional<store::ProjectRecord>> ProjectService::find_visible(
    const Actor& actor, const std::string& uuid) {
  auto project = co_await projects_.find(uuid);
  if (!project) co_return std::nullopt;
  auto visible = co_await can_see(actor, *project);
  if (!visible) co_return std::nullopt;
  co_return project;
}

boost::asio::awaitable<std::variant<store::ProjectRecord, ProjectFailure>> ProjectService::update(
    const Actor& actor, const std::string& uuid, ProjectChanges changes) {
  std::int64_t now = platform::Clock::instance().now_micros();
  auto tx = co_await db_.begin();
  auto project = co_await projects_.find(uuid, tx.get());
  bool member = false;
  if (project && !actor.admin) {
    auto is_member = co_await projects_.is_member(project->id, actor.id, tx.get());
    member = is_member;
  }
  if (!actor.admin && !member) co_return ProjectFailure::not_authorized;
  if (!project) co_return ProjectFailure::not_found;

  store::ProjectPatch patch;
  patch.name = std::move(changes.name);
  patch.description = std::move(changes.description);
  patch.deadline = std::move(changes.deadline);
  patch.status = std::move(changes.status);
  patch.now = now;
  co_await projects_.update(*tx, project->id, patch);
  auto updated = co_await projects_.find(uuid, tx.get());
  std::string action = "updated project: " + updated->name;
  co_await activity_.insert(*tx, actor.id, action, now);
  auto audience = co_await gather_audience(*tx, actor, project->id);
  auto change_event = project_updated_event(*updated, actor, now);
  auto event = co_await record_event(stored_events_, *tx, std::move(change_event), audience, now);
  co_await tx->commit();
  publish(events_, std::move(event));
  co_return std::move(*updated);
}

boost::asio::awaitable<std::optional<ProjectFailure>> ProjectService::remove(
    const Actor& actor, const std::string& uuid) {
  if (!actor.admin) co_return ProjectFailure::not_admin;
  std::int64_t now = platform::Clock::instance().now_micros();
  auto tx = co_await db_.begin();
  auto project = co_await projects_.find(uuid, tx.get());
  if (!project) co_return ProjectFailure::not_found;
  // Read before the memberships cascade away: the members hear about the deletion.
  auto audience = co_await gather_audience(*tx, actor, project->id);
  co_await projects_.remove(*tx, project->id);
  std::string action = "deleted project: " + project->name;
  co_await activity_.insert(*tx, actor.id, action, now);
  auto change_event = project_deleted_event(*project, actor, now);
  auto event = co_await record_event(stored_events_, *tx, std::move(change_event), audience, now);
  co_await tx->commit();
  publish(events_, std::move(event));
  co_return std::nullopt;
}

boost::asio::awaitable<std::optional<ProjectFailure>> ProjectService::add_member(
    const Actor& actor, const std::string& project_uuid, const std::string& user_uuid) {
  auto failure = co_await change_membership(actor, project_uuid, user_uuid, Membership::add);
  co_return failure;
}

boost::asio::awaitable<std::optional<ProjectFailure>> ProjectService::remove_member(
    const Actor& actor, const std::string& project_uuid, const std::string& user_uuid) {
  auto failure = co_await change_membership(actor, project_uuid, user_uuid, Membership::remove);
  co_return failure;
}

boost::asio::awaitable<std::optional<ProjectFailure>> ProjectService::change_membership(
    const Actor& actor, const std::string& project_uuid, const std::string& user_uuid,
    Membership change) {
  if (!actor.admin) co_return ProjectFailure::not_admin;
  std::int64_t now = platform::Clock::instance().now_micros();
  auto tx = co_await db_.begin();
  auto project = co_await projects_.find(project_uuid, tx.get());
  auto user = co_await users_.find_by_uuid(*tx, user_uuid);
  if (!project || !user) co_return ProjectFailure::project_or_user_missing;
  bool changed = false;
  if (change == Membership::add) {
    auto added = co_await projects_.add_member(*tx, project->id, user->id);
    changed = added;
  } else {
    auto removed = co_await projects_.remove_member(*tx, project->id, user->id);
    changed = removed;
  }
  // Repeating an add or a removal changes nothing, so it logs nothing.
  if (changed) {
    std::string action =
        change == Membership::add
            ? "added member " + log_name(*user) + " to project: " + project->name
            : "removed member " + log_name(*user) + " from project: " + project->name;
    co_await activity_.insert(*tx, actor.id, action, now);
  }
  co_await tx->commit();
  co_return std::nullopt;
}

boost::asio::awaitable<std::variant<std::vector<store::MemberRecord>, ProjectFailure>>
ProjectService::members(const Actor& actor, const std::string& project_uuid,
                        const std::string& search) {
  auto project = co_await projects_.find(project_uuid);
  if (!actor.admin) {
    bool member = false;
    if (project) {
      auto is_member = co_await projects_.is_member(project->id, actor.id);
      member = is_member;
    }
    if (!member) co_return ProjectFailure::not_authorized;
  }
  if (!project) co_return std::vector<store::MemberRecord>{};
  auto found = co_await projects_.members(project->id, search);
  co_return found;
}

}  // namespace tandem::domain::work
