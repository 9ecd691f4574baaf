#pragma once
// Numbers that change whenever committed data may have changed. Caches of query results tag
// each entry with the version read *before* the query ran and serve it only while the version
// is still the same, so an entry never outlives a commit it might not reflect for longer than
// it takes to hear of that commit:
//   - a commit made by this process bumps the version as soon as the driver has the COMMIT's
//     answer, before the writing code goes on: every request that starts after an acknowledged
//     write on this instance misses the cache;
//   - a commit made by another process is heard of after the fact. PostgreSQL: a NOTIFY that
//     the writer sends right after its commit (microseconds to a millisecond on a LAN); SQLite:
//     each thread's reader looks at PRAGMA data_version at most a millisecond apart;
//   - while the driver cannot hear of other processes' commits (the PostgreSQL listener is
//     reconnecting), current() answers kUnknown and callers must not use cached data at all.
// Caches also expire entries after a second, for edits no notification announces (psql on
// tables other than the user tables).
//
// Two scopes: any data, and the users/roles rows that authentication reads on every request,
// so that on PostgreSQL a burst of task writes does not also empty the user cache (on SQLite a
// reader cannot tell whose commit it saw, so every write counts for both). A write's scope comes
// from its SQL text (classify_statement), so no repository can forget to declare it.

#include <atomic>
#include <cstdint>
#include <string_view>

namespace tandem::store {

enum class DataScope {
  any,   // every table
  users  // users, roles, user_roles, revoked_tokens: what authentication reads
};

// What committing a statement may change. Reads change nothing; a write whose text names the
// users or roles tables counts for both scopes (over-approximating only costs a cache miss).
enum class StatementEffect { none, data, users };
StatementEffect classify_statement(std::string_view sql_text);

class DataVersion {
 public:
  static constexpr std::uint64_t kUnknown = 0;

  // Starts "tracking" for drivers that see every commit from the start (SQLite).
  explicit DataVersion(bool tracking = true) : tracking_(tracking) {}

  std::uint64_t current(DataScope scope) const {
    if (!tracking_.load(std::memory_order_acquire)) return kUnknown;
    const auto& counter = scope == DataScope::users ? users_ : any_;
    return counter.load(std::memory_order_acquire);
  }

  void bump(StatementEffect effect) {
    if (effect == StatementEffect::none) return;
    if (effect == StatementEffect::users) users_.fetch_add(1, std::memory_order_acq_rel);
    any_.fetch_add(1, std::memory_order_acq_rel);
  }

  // Leaving tracking makes every cache miss; resuming bumps first, so entries made before the
  // gap are never served again.
  void stop_tracking() { tracking_.store(false, std::memory_order_release); }
  void resume_tracking() {
    bump(StatementEffect::users);
    tracking_.store(true, std::memory_order_release);
  }

 private:
  std::atomic<std::uint64_t> any_{1};
  std::atomic<std::uint64_t> users_{1};
  std::atomic<bool> tracking_;
};

// The stronger of two effects, for a transaction that ran several statements.
inline StatementEffect combine(StatementEffect a, StatementEffect b) {
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

}  // namespace tandem::store
