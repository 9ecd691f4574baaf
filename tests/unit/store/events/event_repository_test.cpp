// Stored events on the migrated schema, on both databases: a user's events in the shared
// order, paging by position, the newest position, retention's batches, and (PostgreSQL) that
// an event whose transaction is still open holds back every event ordered after it.

#include "store/events/event_repository.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "../db/test_databases.hpp"
#include "store/migrations.hpp"

namespace tandem::store {
namespace {

using namespace db_test;  // NOLINT: the shared test helpers

constexpr const char* kAlice = "11111111-1111-4111-8111-111111111111";
constexpr const char* kBob = "22222222-2222-4222-8222-222222222222";

asio::awaitable<int> migrate(Database& db) {
  auto applied = co_await apply_migrations(db);
  co_return applied;
}

NewEvent event_for(std::vector<std::string> recipients, std::string name,
                   std::int64_t created_at = 1'000) {
  NewEvent e;
  e.created_at = created_at;
  e.channel = "task_updates";
  e.type = "task_created";
  e.payload = R"({"event":"task_created","name":")" + name + R"("})";
  e.recipients = std::move(recipients);
  return e;
}

asio::awaitable<std::unique_ptr<Transaction>> begin(Database& db) {
  auto tx = co_await db.begin();
  co_return tx;
}

asio::awaitable<std::int64_t> insert_in(EventRepository& events, Transaction& tx, NewEvent e) {
  auto id = co_await events.insert(tx, e);
  co_return id;
}

asio::awaitable<void> commit(Transaction& tx) { co_await tx.commit(); }

asio::awaitable<std::int64_t> insert_committed(Database& db, EventRepository& events, NewEvent e) {
  auto tx = co_await db.begin();
  auto id = co_await events.insert(*tx, e);
  co_await tx->commit();
  co_return id;
}

asio::awaitable<std::vector<StoredEvent>> read(EventRepository& events, std::string user,
                                               EventPosition after, std::int64_t limit) {
  auto found = co_await events.for_user_after(user, after, limit);
  co_return found;
}

asio::awaitable<std::optional<EventPosition>> position(EventRepository& events, std::int64_t id) {
  auto found = co_await events.position_of(id);
  co_return found;
}

asio::awaitable<std::optional<std::int64_t>> newest(EventRepository& events, std::string user) {
  auto found = co_await events.newest_for_user(user);
  co_return found;
}

asio::awaitable<EventRepository::RelayRead> relay_read(EventRepository& events, EventPosition after,
                                                       std::int64_t limit) {
  auto found = co_await events.relay_read(after, limit);
  co_return found;
}

asio::awaitable<std::optional<EventPosition>> newest_settled(EventRepository& events) {
  auto found = co_await events.newest_settled();
  co_return found;
}

asio::awaitable<std::vector<StoredEvent>> read_through(EventRepository& events, std::string user,
                                                       EventPosition after, EventPosition through) {
  auto found = co_await events.for_user_after(user, after, 100, through);
  co_return found;
}

asio::awaitable<std::int64_t> expire(EventRepository& events, std::int64_t cutoff,
                                     std::int64_t batch) {
  auto deleted = co_await events.delete_expired_batch(cutoff, batch);
  co_return deleted;
}

std::string dialect_name(const ::testing::TestParamInfo<Dialect>& info) {
  return info.param == Dialect::sqlite ? "sqlite" : "postgres";
}

class EventRepositoryTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::postgres) {
      const std::string url = postgres_test_url();
      if (url.empty()) GTEST_SKIP() << "TANDEM_TEST_POSTGRES_URL is not set";
      schema_ = std::make_unique<PostgresTestSchema>(io_, url, "events");
      db_ = open_postgres({.conninfo = schema_->conninfo()});
    } else {
      file_ = std::make_unique<SqliteTestFile>("tandem-events");
      db_ = open_sqlite({.path = file_->path()});
    }
    run_on(io_, migrate(*db_));
    events_ = std::make_unique<EventRepository>(*db_);
  }
  void TearDown() override {
    events_.reset();
    db_.reset();
    schema_.reset();
    file_.reset();
  }

  // Commits one event and, unless told not to, waits until its first recipient can read it: on
  // PostgreSQL an event is read only once every older transaction of the cluster has ended, and
  // the tests that ctest runs beside this one hold short transactions of their own.
  std::int64_t add(std::vector<std::string> recipients, std::string name,
                   std::int64_t created_at = 1'000, bool wait_readable = true) {
    const std::string first = recipients.front();
    const auto id = run_on(
        io_, insert_committed(*db_, *events_,
                              event_for(std::move(recipients), std::move(name), created_at)));
    if (wait_readable) wait_until_readable(first, id);
    return id;
  }
  void wait_until_readable(const std::string& user, std::int64_t id) {
    for (int i = 0; i < 1000; ++i) {
      const auto last = run_on(io_, newest(*events_, user));
      if (last && *last >= id) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  std::vector<std::string> names(const std::string& user, EventPosition after,
                                 std::int64_t limit = 100) {
    std::vector<std::string> out;
    for (const auto& e : run_on(io_, read(*events_, user, after, limit))) {
      auto at = e.payload.find(R"("name":")");
      out.push_back(e.payload.substr(at + 8, e.payload.size() - at - 10));
    }
    return out;
  }
  EventPosition at(std::int64_t id) { return run_on(io_, position(*events_, id)).value(); }
  std::int64_t count(const std::string& table) {
    const std::string text = "SELECT count(*) FROM " + table;
    const Sql sql{"", text};
    return run_on(io_, query(*db_, sql, {})).integer(0, 0);
  }

  asio::io_context io_;
  std::unique_ptr<PostgresTestSchema> schema_;
  std::unique_ptr<SqliteTestFile> file_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<EventRepository> events_;
};

TEST_P(EventRepositoryTest, EachUserReadsOnlyTheirOwnEventsOldestFirst) {
  add({kAlice, kBob}, "both");
  auto alice_only = add({kAlice}, "alice");
  add({kBob}, "bob");
  EXPECT_EQ(names(kAlice, kBeforeAllEvents), (std::vector<std::string>{"both", "alice"}));
  EXPECT_EQ(names(kBob, kBeforeAllEvents), (std::vector<std::string>{"both", "bob"}));
  EXPECT_EQ(names("33333333-3333-4333-8333-333333333333", kBeforeAllEvents).size(), 0u);
  auto rows = run_on(io_, read(*events_, kAlice, kBeforeAllEvents, 100));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].id, alice_only);
  EXPECT_EQ(rows[1].payload, R"({"event":"task_created","name":"alice"})");  // byte for byte
}

TEST_P(EventRepositoryTest, PagesFollowPositions) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(add({kAlice}, "e" + std::to_string(i)));
  EXPECT_EQ(names(kAlice, kBeforeAllEvents, 2), (std::vector<std::string>{"e0", "e1"}));
  EXPECT_EQ(names(kAlice, at(ids[1]), 2), (std::vector<std::string>{"e2", "e3"}));
  EXPECT_EQ(names(kAlice, at(ids[3]), 2), (std::vector<std::string>{"e4"}));
  EXPECT_EQ(names(kAlice, at(ids[4]), 2).size(), 0u);
  // Another user's event is a position too.
  auto bobs = add({kBob}, "bob");
  add({kAlice}, "e5");
  EXPECT_EQ(names(kAlice, at(bobs)), (std::vector<std::string>{"e5"}));
  EXPECT_FALSE(run_on(io_, position(*events_, 999'999)).has_value());
}

TEST_P(EventRepositoryTest, NewestIsTheUsersLastEvent) {
  EXPECT_FALSE(run_on(io_, newest(*events_, kAlice)).has_value());
  add({kAlice}, "a");
  auto last = add({kAlice, kBob}, "b");
  add({kBob}, "c");
  EXPECT_EQ(run_on(io_, newest(*events_, kAlice)), last);
}

TEST_P(EventRepositoryTest, RetentionDeletesExpiredEventsInBatchesWithTheirRecipients) {
  for (int i = 0; i < 5; ++i) add({kAlice, kBob}, "old" + std::to_string(i), 100);
  add({kAlice, kBob}, "new", 5'000);
  EXPECT_EQ(run_on(io_, expire(*events_, 1'000, 2)), 2);
  EXPECT_EQ(run_on(io_, expire(*events_, 1'000, 2)), 2);
  EXPECT_EQ(run_on(io_, expire(*events_, 1'000, 2)), 1);  // the window's newer row stays
  EXPECT_EQ(run_on(io_, expire(*events_, 1'000, 2)), 0);
  EXPECT_EQ(names(kAlice, kBeforeAllEvents), (std::vector<std::string>{"new"}));
  EXPECT_EQ(count("events"), 1);
  EXPECT_EQ(count("event_recipients"), 2);
}

TEST_P(EventRepositoryTest, AnOpenTransactionHoldsBackTheEventsOrderedAfterIt) {
  if (GetParam() == Dialect::sqlite) GTEST_SKIP() << "one writer: commits are in id order";
  // The slow writer takes its transaction id first, then a fast one commits.
  auto slow = run_on(io_, begin(*db_));
  auto slow_id = run_on(io_, insert_in(*events_, *slow, event_for({kAlice}, "slow")));
  const auto fast_id = add({kAlice}, "fast", 1'000, /*wait_readable=*/false);
  // Reading "fast" now would move a cursor past "slow", which would then never be read.
  EXPECT_EQ(names(kAlice, kBeforeAllEvents).size(), 0u);
  EXPECT_FALSE(run_on(io_, newest(*events_, kAlice)).has_value());
  run_on(io_, commit(*slow));
  wait_until_readable(kAlice, fast_id);
  EXPECT_EQ(names(kAlice, kBeforeAllEvents), (std::vector<std::string>{"slow", "fast"}));
  EXPECT_EQ(names(kAlice, at(slow_id)), (std::vector<std::string>{"fast"}));
}

TEST_P(EventRepositoryTest, TheRelayReadsEverybodysEventsWithTheirRecipientsInOrder) {
  EXPECT_FALSE(run_on(io_, newest_settled(*events_)).has_value());
  const auto first = add({kAlice, kBob}, "both");
  const auto second = add({kBob}, "bob");
  const auto third = add({kAlice}, "alice");
  auto read = run_on(io_, relay_read(*events_, kBeforeAllEvents, 100));
  EXPECT_FALSE(read.held_back);
  auto& all = read.events;
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].position, at(first));
  EXPECT_EQ(all[1].position, at(second));
  EXPECT_EQ(all[2].position, at(third));
  auto sorted = all[0].recipients;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<std::string>{kAlice, kBob}));
  EXPECT_EQ(all[1].recipients, std::vector<std::string>{kBob});
  EXPECT_EQ(all[2].payload, R"({"event":"task_created","name":"alice"})");
  // Batches continue from a position; the newest position is where a relay starts.
  auto rest = run_on(io_, relay_read(*events_, at(first), 1)).events;
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].position, at(second));
  auto none = run_on(io_, relay_read(*events_, at(third), 100));
  EXPECT_EQ(none.events.size(), 0u);
  EXPECT_FALSE(none.held_back);
  EXPECT_EQ(run_on(io_, newest_settled(*events_)), at(third));
}

TEST_P(EventRepositoryTest, AUsersReadStopsAtTheGivenPosition) {
  const auto first = add({kAlice}, "a");
  const auto second = add({kAlice}, "b");
  add({kAlice}, "c");
  auto upto = run_on(io_, read_through(*events_, kAlice, kBeforeAllEvents, at(second)));
  ASSERT_EQ(upto.size(), 2u);
  EXPECT_EQ(upto[1].id, second);
  EXPECT_EQ(run_on(io_, read_through(*events_, kAlice, at(first), at(first))).size(), 0u);
}

TEST_P(EventRepositoryTest, TheRelayWaitsForAnEventHeldBackByAnOlderTransaction) {
  if (GetParam() == Dialect::sqlite) GTEST_SKIP() << "one writer: commits are in id order";
  const auto before = add({kAlice}, "before");
  auto slow = run_on(io_, begin(*db_));
  run_on(io_, insert_in(*events_, *slow, event_for({kAlice}, "slow")));
  const auto fast_id = add({kBob}, "fast", 1'000, /*wait_readable=*/false);
  // "fast" has committed but cannot be read yet: the relay is told to look again soon.
  auto held = run_on(io_, relay_read(*events_, at(before), 100));
  EXPECT_EQ(held.events.size(), 0u);
  EXPECT_TRUE(held.held_back);
  EXPECT_EQ(run_on(io_, newest_settled(*events_)), at(before));
  run_on(io_, commit(*slow));
  wait_until_readable(kBob, fast_id);
  auto both = run_on(io_, relay_read(*events_, at(before), 100)).events;
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].position, at(fast_id));
}

INSTANTIATE_TEST_SUITE_P(Dialects, EventRepositoryTest,
                         ::testing::Values(Dialect::sqlite, Dialect::postgres), dialect_name);

}  // namespace
}  // namespace tandem::store
