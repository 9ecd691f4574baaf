#pragma once
// Keeps the PostgreSQL driver's data version (data_version.hpp) true across processes: every
// instance and CLI command sharing the database LISTENs on one channel over a dedicated
// connection, and announces its own commits there with a NOTIFY.
//
// The NOTIFY travels on this connection after the data has committed, never inside the data's
// transaction: PostgreSQL serialises the commits of notifying transactions (flush included),
// which would undo group commit. The feed's own session commits asynchronously (it carries no
// data), so announcing costs the writers nothing but a flag and a wake-up.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/db/data_version.hpp"

namespace tandem::store {

class PostgresChangeFeed {
 public:
  PostgresChangeFeed(std::string conninfo, std::chrono::milliseconds connect_timeout);
  ~PostgresChangeFeed();  // sends a pending announcement first (a CLI command's last write)
  PostgresChangeFeed(const PostgresChangeFeed&) = delete;
  PostgresChangeFeed& operator=(const PostgresChangeFeed&) = delete;

  // kUnknown until the listener is connected, and again while it reconnects. The first call
  // of either method starts the feed, so a database that is never used never connects.
  std::uint64_t data_version(DataScope scope) const {
    start();
    return version_.current(scope);
  }

  // After this process committed: bumps the local version at once (so this process's next
  // requests miss their caches) and asks the feed thread to tell the others. Never blocks.
  void note_local_commit(StatementEffect effect);

  // Database's watch_foreign_commits / clear_commit_watchers.
  void watch_foreign_commits(DataScope scope, std::function<void()> heard);
  void clear_commit_watchers();

 private:
  void start() const;
  void listen();  // the thread's body: run(), and unknown versions should it ever throw
  void run();
  void wake();
  void notify_heard(StatementEffect widest);
  void wait_before_retry();  // returns early when woken (a commit to announce, or stopping)

  const std::string conninfo_;
  const std::string connect_timeout_seconds_;
  DataVersion version_{false};
  // The strongest StatementEffect committed but not yet announced (as an int; none = 0).
  std::atomic<int> announce_pending_{0};
  struct Watcher {
    DataScope scope;
    std::function<void()> heard;
  };
  std::mutex watchers_mutex_;
  std::vector<Watcher> watchers_;  // guarded by watchers_mutex_
  std::atomic<bool> stopping_{false};
  int wake_fd_ = -1;  // an eventfd: the feed thread polls it next to the connection's socket
  mutable std::once_flag started_;
  mutable std::thread thread_;
};

}  // namespace tandem::store
