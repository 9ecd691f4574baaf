#pragma once
// Results worth keeping between requests (a rendered list, a user row), each tagged with the
// data version it was computed at. An entry is served only while the caller's current version is
// the same and the entry is younger than max_age; version 0 means "unknown" and bypasses the
// cache. The version source is the database's data_version(scope) (store/data_version.hpp): read it
// *before* computing a value, pass the same number to store(). Shared by the event loops.
//
// Renewal without a stampede: an entry is fresh for the first half of max_age. In the second
// half, while its version is still current, the first caller to ask is told to recompute it (a
// miss) and everyone else keeps getting the entry until that caller stores the new one; at
// max_age it ends whatever happened (a renewal that failed stored nothing). Without this, every
// request that arrives during the recompute of a popular entry waits for it, once per max_age: a
// 40 ms list query under 32 connections put whole bursts of requests in the p99. So what a
// version can see is never served, and what it cannot see, for at most max_age.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace tandem::platform {

template <class Key, class Value, class Hash = std::hash<Key>,
          class Clock = std::chrono::steady_clock>
class VersionedCache {
 public:
  // max_age bounds what no version can see (an edit made with psql); capacity bounds the number
  // of entries: reaching it empties the cache, which only costs recomputation. Entries of an
  // older version are dropped as soon as a newer one is stored, as they can never be served.
  VersionedCache(std::size_t capacity, typename Clock::duration max_age)
      : capacity_(capacity), max_age_(max_age) {}

  // The entry for key at this version, or nullptr: a miss, after which the caller computes the
  // value and stores it (a caller chosen to renew an entry sees a miss too).
  std::shared_ptr<const Value> find(const Key& key, std::uint64_t version) {
    const auto now = Clock::now();
    std::lock_guard lock(mutex_);
    Entry* entry = at_version(key, version);
    if (entry == nullptr) return nullptr;
    const auto age = now - entry->stored_at;
    if (age <= max_age_ / 2) return entry->value;
    if (age > max_age_) return nullptr;
    // Second half: the first caller renews, the others keep the entry until it is replaced.
    if (entry->renewing) return entry->value;
    entry->renewing = true;
    return nullptr;
  }

  // Only a fresh entry (first half of max_age), and without choosing a renewer: for the second
  // look of a caller that waited for another one's computation (platform/keyed_gates.hpp).
  std::shared_ptr<const Value> find_fresh(const Key& key, std::uint64_t version) {
    const auto now = Clock::now();
    std::lock_guard lock(mutex_);
    Entry* entry = at_version(key, version);
    if (entry == nullptr || now - entry->stored_at > max_age_ / 2) return nullptr;
    return entry->value;
  }

  void store(const Key& key, std::uint64_t version, std::shared_ptr<const Value> value) {
    if (version == kUnknownVersion) return;
    const auto now = Clock::now();
    std::lock_guard lock(mutex_);
    if (version > newest_version_) {
      newest_version_ = version;
      std::erase_if(entries_, [version](const auto& e) { return e.second.version < version; });
    }
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      if (entries_.size() >= capacity_) entries_.clear();
      entries_.emplace(key, Entry{version, now, std::move(value), false});
    } else if (it->second.version <= version) {
      // A slower request computed at an older version must not replace a newer result.
      it->second = Entry{version, now, std::move(value), false};
    }
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

  static constexpr std::uint64_t kUnknownVersion = 0;

 private:
  struct Entry {
    std::uint64_t version;
    typename Clock::time_point stored_at;
    std::shared_ptr<const Value> value;
    bool renewing;  // a caller is recomputing it
  };

  Entry* at_version(const Key& key, std::uint64_t version) {
    if (version == kUnknownVersion) return nullptr;
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.version != version) return nullptr;
    return &it->second;
  }

  const std::size_t capacity_;
  const typename Clock::duration max_age_;
  mutable std::mutex mutex_;
  std::unordered_map<Key, Entry, Hash> entries_;
  std::uint64_t newest_version_ = kUnknownVersion;
};

}  // namespace tandem::platform
