#pragma once
// Projects and their members: who may do what (spec/flowtrack.md §2.6), the activity log row of
// each change, and its event, stored with the change and published after commit.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/work/actor.hpp"
#include "platform/event_bus.hpp"
#include "store/events/event_repository.hpp"
#include "store/identity/user_repository.hpp"
#include "store/work/activity_repository.hpp"
#include "store/work/project_repository.hpp"

namespace tandem::domain::work {

struct ProjectInput {
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> deadline;  // YYYY-MM-DD
};

// Set fields replace the stored ones; an inner nullopt clears the column.
struct ProjectChanges {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> description;
  std::optional<std::optional<std::string>> deadline;
  std::optional<std::string> status;
};

struct ProjectQuery {
  std::string status;  // a valid status or "" for any
  std::string text;    // "" for any
  std::int64_t skip = 0;
  std::int64_t limit = 100;
};

enum class ProjectFailure {
  not_admin,
  not_found,       // the project does not exist
  not_authorized,  // neither admin nor member (also when the project does not exist)
  project_or_user_missing
};

class ProjectService {
 public:
  ProjectService(store::Database& db, platform::EventBus* events);

  // Admin only. The creator does not become a member.
  boost::asio::awaitable<std::variant<store::ProjectRecord, ProjectFailure>> create(
      const Actor& actor, ProjectInput input);
  // Admins see every project, members the projects they belong to.
  boost::asio::awaitable<std::vector<store::ProjectRecord>> list(const Actor& actor,
                                                                 const ProjectQuery& query);
  // Nullopt when the project does not exist or the actor may not see it.
  boost::asio::awaitable<std::optional<store::ProjectRecord>> find_visible(const Actor& actor,
                                                                           const std::string& uuid);
  // Admins and members. not_authorized comes before not_found (the original's order).
  boost::asio::awaitable<std::variant<store::ProjectRecord, ProjectFailure>> update(
      const Actor& actor, const std::string& uuid, ProjectChanges changes);
  // Admin only; its tasks and memberships go with it.
  boost::asio::awaitable<std::optional<ProjectFailure>> remove(const Actor& actor,
                                                               const std::string& uuid);

  // Admin only, idempotent.
  boost::asio::awaitable<std::optional<ProjectFailure>> add_member(const Actor& actor,
                                                                   const std::string& project_uuid,
                                                                   const std::string& user_uuid);
  boost::asio::awaitable<std::optional<ProjectFailure>> remove_member(
      const Actor& actor, const std::string& project_uuid, const std::string& user_uuid);
  // Admins (an unknown project has no members) and members; others get not_authorized.
  boost::asio::awaitable<std::variant<std::vector<store::MemberRecord>, ProjectFailure>> members(
      const Actor& actor, const std::string& project_uuid, const std::string& search);

  // Whether the actor may see the project: admins always, others when they are members.
  boost::asio::awaitable<bool> can_see(const Actor& actor, const store::ProjectRecord& project);

 private:
  enum class Membership { add, remove };
  boost::asio::awaitable<std::optional<ProjectFailure>> change_membership(
      const Actor& actor, const std::string& project_uuid, const std::string& user_uuid,
      Membership change);

  store::Database& db_;
  platform::EventBus* events_;
  store::ProjectRepository projects_;
  store::UserRepository users_;
  store::ActivityRepository activity_;
  store::EventRepository stored_events_;  // the outbox
};

}  // namespace tandem::domain::work
