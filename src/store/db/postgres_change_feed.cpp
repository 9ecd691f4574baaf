#include "store/db/postgres_change_feed.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace tandem::store {

namespace {

// One channel for every kind of data: a cache entry is cheap to rebuild, a missed change is not.
constexpr const char* kListen = "LISTEN tandem_data_changed";
// The payload names the scope (data_version.hpp) so that task writes leave the user cache alone.
constexpr const char* kNotifyData = "NOTIFY tandem_data_changed, 'data'";
constexpr const char* kNotifyUsers = "NOTIFY tandem_data_changed, 'users'";

const char* notify_statement(int effect) {
  return effect == static_cast<int>(StatementEffect::users) ? kNotifyUsers : kNotifyData;
}

StatementEffect effect_of_payload(std::string_view payload) {
  // Anything else (an older or newer peer) is taken as the widest change.
  return payload == "data" ? StatementEffect::data : StatementEffect::users;
}
constexpr int kRetryMillis = 500;
// Wakes the thread now and then even when nothing happens. A connection that died quietly is
// noticed through the TCP keepalives and user timeout the feed connects with (connect()).
constexpr int kIdlePollMillis = 1000;

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnDeleter>;

void ignore_notice(void*, const char*) {}

bool exec_ok(PGconn* c, const char* sql) {
  PGresult* r = PQexec(c, sql);
  bool ok = r != nullptr && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok;
}

ConnPtr connect(const std::string& conninfo, const std::string& timeout_seconds) {
  // Keepalives and a TCP user timeout bound how long a silently dead connection (a peer gone
  // without a FIN) can pass for a live one, and how long a NOTIFY can block on it.
  const char* const keys[] = {
      "dbname",           "fallback_application_name", "connect_timeout",
      "keepalives",       "keepalives_idle",           "keepalives_interval",
      "keepalives_count", "tcp_user_timeout",          nullptr};
  const char* const values[] = {
      conninfo.c_str(), "tandem-change-feed", timeout_seconds.c_str(), "1", "5", "2", "3", "10000",
      nullptr};
  ConnPtr c(PQconnectdbParams(keys, values, 1));
  if (!c || PQstatus(c.get()) != CONNECTION_OK) return nullptr;
  PQsetNoticeProcessor(c.get(), ignore_notice, nullptr);
  // The announcements carry no data, so waiting for their flush would only slow them down.
  if (!exec_ok(c.get(), "SET synchronous_commit = off") || !exec_ok(c.get(), kListen)) {
    return nullptr;
  }
  return c;
}

}  // namespace

// libpq counts the timeout in whole seconds and treats anything below 2 as 2.
PostgresChangeFeed::PostgresChangeFeed(std::string conninfo,
                                       std::chrono::milliseconds connect_timeout)
    : conninfo_(std::move(conninfo)),
      connect_timeout_seconds_(
          std::to_string(std::max<long long>(2, (connect_timeout.count() + 999) / 1000))) {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) throw std::runtime_error("PostgreSQL change feed: eventfd failed");
}

PostgresChangeFeed::~PostgresChangeFeed() {
  stopping_.store(true, std::memory_order_release);
  wake();
  if (thread_.joinable()) thread_.join();
  ::close(wake_fd_);
}

void PostgresChangeFeed::start() const {
  std::call_once(started_, [this] {
    try {
      thread_ = std::thread([self = const_cast<PostgresChangeFeed*>(this)] { self->listen(); });
    } catch (const std::system_error&) {
      // No thread, no listener: the version stays unknown and caches are simply not used.
    }
  });
}

void PostgresChangeFeed::listen() {
  try {
    run();
  } catch (...) {
    version_.stop_tracking();  // out of memory or the like: stop vouching for any cache
  }
}

void PostgresChangeFeed::note_local_commit(StatementEffect effect) {
  if (effect == StatementEffect::none) return;
  start();
  version_.bump(effect);
  const int wanted = static_cast<int>(effect);
  int pending = announce_pending_.load(std::memory_order_acquire);
  while (pending < wanted &&
         !announce_pending_.compare_exchange_weak(pending, wanted, std::memory_order_acq_rel)) {
  }
  if (pending == 0) wake();
}

void PostgresChangeFeed::wake() {
  std::uint64_t one = 1;
  [[maybe_unused]] auto written = ::write(wake_fd_, &one, sizeof one);
}

void PostgresChangeFeed::wait_before_retry() {
  pollfd p{wake_fd_, POLLIN, 0};
  if (::poll(&p, 1, kRetryMillis) > 0) {
    std::uint64_t drained;
    [[maybe_unused]] auto n = ::read(wake_fd_, &drained, sizeof drained);
  }
}

void PostgresChangeFeed::notify_heard(StatementEffect widest) {
  std::lock_guard lock(watchers_mutex_);
  for (const auto& w : watchers_)
    if (w.scope == DataScope::any || widest == StatementEffect::users) w.heard();
}

void PostgresChangeFeed::watch_foreign_commits(DataScope scope, std::function<void()> heard) {
  {
    std::lock_guard lock(watchers_mutex_);
    watchers_.push_back({scope, std::move(heard)});
  }
  start();  // someone waits for other processes' commits: listen from now on
}

void PostgresChangeFeed::clear_commit_watchers() {
  std::lock_guard lock(watchers_mutex_);
  watchers_.clear();
}

void PostgresChangeFeed::run() {
  while (!stopping_.load(std::memory_order_acquire)) {
    ConnPtr conn = connect(conninfo_, connect_timeout_seconds_);
    if (!conn) {
      wait_before_retry();
      continue;
    }
    PGconn* c = conn.get();
    const int own_pid = PQbackendPID(c);
    // Whatever committed while nobody listened is unknown: start from a new version.
    version_.resume_tracking();
    notify_heard(StatementEffect::users);  // whoever waits for such commits should look again
    // Takes in what the server has sent; false when the connection is gone.
    auto hear_others = [this, c, own_pid] {
      if (!PQconsumeInput(c)) return false;
      auto widest = StatementEffect::none;
      while (PGnotify* n = PQnotifies(c)) {
        if (n->be_pid != own_pid) {
          const auto effect = effect_of_payload(n->extra ? n->extra : "");
          version_.bump(effect);
          widest = combine(widest, effect);
        }
        PQfreemem(n);
      }
      if (widest != StatementEffect::none) notify_heard(widest);
      return PQstatus(c) == CONNECTION_OK;
    };
    for (;;) {
      if (int owed = announce_pending_.exchange(0, std::memory_order_acq_rel);
          owed != 0 && !exec_ok(c, notify_statement(owed))) {
        announce_pending_.store(static_cast<int>(StatementEffect::users));  // resend, widest
        break;
      }
      if (stopping_.load(std::memory_order_acquire)) return;  // nothing left to announce
      // PQexec above may have read others' notifications into libpq's queue: they must count
      // now, not when the socket next wakes poll.
      if (!hear_others()) break;
      pollfd fds[2] = {{PQsocket(c), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
      int ready = ::poll(fds, 2, kIdlePollMillis);
      if (ready < 0 && errno != EINTR) break;
      if (fds[1].revents & POLLIN) {
        std::uint64_t drained;
        [[maybe_unused]] auto n = ::read(wake_fd_, &drained, sizeof drained);
      }
      if (!hear_others()) break;
    }
    // Lost the connection: other processes' commits go unheard until it is back.
    version_.stop_tracking();
    conn.reset();
    wait_before_retry();
  }
  // Stopping while disconnected: one last attempt for an announcement still owed.
  if (int owed = announce_pending_.exchange(0); owed != 0) {
    if (ConnPtr last = connect(conninfo_, connect_timeout_seconds_)) {
      exec_ok(last.get(), notify_statement(owed));
    }
  }
}

}  // namespace tandem::store
