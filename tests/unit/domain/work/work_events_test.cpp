#include "domain/work/work_events.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace tandem::domain::work {
namespace {

TEST(WorkRecipientsTest, AdminsActorMembersAssigneesEachOnceInOrder) {
  Audience a;
  a.admins = {"admin-1", "admin-2"};
  a.actor = "member-1";
  a.members = {"member-1", "member-2", "admin-2"};
  a.assignees = {std::string("outsider"), std::nullopt, std::string("member-2")};
  EXPECT_EQ(recipients_of(a),
            (std::vector<std::string>{"admin-1", "admin-2", "member-1", "member-2", "outsider"}));
}

TEST(WorkRecipientsTest, ProjectCreatedReachesAdminsAndActorOnly) {
  Audience a;
  a.admins = {"admin-1"};
  a.actor = "admin-2";
  EXPECT_EQ(recipients_of(a), (std::vector<std::string>{"admin-1", "admin-2"}));
}

store::TaskRecord sample_task() {
  store::TaskRecord t;
  t.uuid = "11111111-1111-4111-8111-111111111111";
  t.title = "Build header";
  t.status = "done";
  t.project_uuid = "22222222-2222-4222-8222-222222222222";
  return t;
}

TEST(WorkEventsTest, TaskMovedPayload) {
  Actor actor{7, "33333333-3333-4333-8333-333333333333", false};
  auto e = task_moved_event(sample_task(), "in_progress", actor, 1'759'561'262'345'678);
  EXPECT_EQ(e.channel, "kanban_updates");
  EXPECT_EQ(boost::json::serialize(e.payload),
            R"({"event":"task_moved","type":"task_moved",)"
            R"("task_id":"11111111-1111-4111-8111-111111111111","task_title":"Build header",)"
            R"("project_id":"22222222-2222-4222-8222-222222222222","old_status":"in_progress",)"
            R"("new_status":"done","moved_by":"33333333-3333-4333-8333-333333333333",)"
            R"("timestamp":"2025-10-04T07:01:02.345678Z"})");
}

TEST(WorkEventsTest, TaskUpdatedCarriesStatusChangeOnlyWhenChanged) {
  Actor actor{7, "actor", true};
  auto unchanged = task_updated_event(sample_task(), actor, std::nullopt, 0);
  EXPECT_EQ(unchanged.channel, "task_updates");
  EXPECT_FALSE(unchanged.payload.contains("status_changed"));
  EXPECT_EQ(unchanged.payload.at("updated_by"), "actor");
  auto changed = task_updated_event(sample_task(), actor, std::string("todo"), 0);
  EXPECT_EQ(boost::json::serialize(changed.payload.at("status_changed")),
            R"({"old":"todo","new":"done"})");
}

TEST(WorkEventsTest, ProjectEventsCarryTheName) {
  store::ProjectRecord p;
  p.uuid = "p";
  p.name = "Apollo";
  Actor actor{1, "a", true};
  auto deleted = project_deleted_event(p, actor, 0);
  EXPECT_EQ(deleted.channel, "project_updates");
  EXPECT_EQ(boost::json::serialize(deleted.payload),
            R"({"event":"project_deleted","type":"project_deleted","project_id":"p",)"
            R"("project_name":"Apollo","deleted_by":"a","timestamp":"1970-01-01T00:00:00Z"})");
  EXPECT_EQ(project_created_event(p, actor, 0).payload.at("created_by"), "a");
  EXPECT_EQ(project_updated_event(p, actor, 0).payload.at("updated_by"), "a");
}

TEST(WorkEventsTest, PublishHandsTheStoredEventToTheBusAsItIs) {
  platform::InProcessEventBus bus;
  std::vector<platform::Event> seen;
  bus.subscribe([&seen](const platform::Event& e) { seen.push_back(e); });
  // As record_event returns it: recipients fixed and the stored id in the payload.
  auto stored = task_deleted_event(sample_task(), Actor{1, "actor", false}, 0);
  stored.recipients = {"admin", "actor"};
  stored.payload["id"] = "17";
  publish(&bus, stored);
  publish(nullptr, stored);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].recipients, (std::vector<std::string>{"admin", "actor"}));
  EXPECT_EQ(seen[0].payload, stored.payload);
}

}  // namespace
}  // namespace tandem::domain::work
