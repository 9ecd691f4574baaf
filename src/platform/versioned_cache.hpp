#pragma once
// Results worth keeping between requests (a rendered list, a user row), each tagged with the
// data version it was computed at. An entry is served only while the caller's current version is
// the same and the entry is younger than max_age; version 0 means "unknown" and bypasses the
// cache. The version source is the database's data_version(scope) (store/data_version.hpp): read it
// *before* computing a value, pass the same number to store(). Shared by the event loops.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace tandem::platform {

template <class Key, class Value, class Hash = std::hash<Key>>
class VersionedCache {
 public:
  using Clock = std::chrono::steady_clock;

  // max_age bounds what no version can see (an edit made with psql); capacity bounds the number
  // of entries: reaching it empties the cache, which only costs recomputation. Entries of an
  // older version are dropped as soon as a newer one is stored, as they can never be served.
  VersionedCache(std::size_t capacity, Clock::duration max_age)
      : capacity_(capacity), max_age_(max_age) {}

  std::shared_ptr<const Value> find(const Key& key, std::uint64_t version) const {
    if (version == kUnknownVersion) return nullptr;
    const auto now = Clock::now();
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.version != version ||
        now - it->second.stored_at > max_age_) {
      return nullptr;
    }
    return it->second.value;
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
      entries_.emplace(key, Entry{version, now, std::move(value)});
    } else if (it->second.version <= version) {
      // A slower request computed at an older version must not replace a newer result.
      it->second = Entry{version, now, std::move(value)};
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
    Clock::time_point stored_at;
    std::shared_ptr<const Value> value;
  };

  const std::size_t capacity_;
  const Clock::duration max_age_;
  mutable std::mutex mutex_;
  std::unordered_map<Key, Entry, Hash> entries_;
  std::uint64_t newest_version_ = kUnknownVersion;
};

}  // namespace tandem::platform
