#pragma once
// A connection's prepared statements, keyed by their SQL text and bounded: when full, the least
// recently used one is evicted. Statements are keyed by text rather than by name because SQL
// generated at run time (the schemes engine) cannot promise one name per text.
//
// Not thread-safe: a cache belongs to one connection, which one thread uses at a time.

#include <cstddef>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace tandem::store {

// The default bound, per connection (TANDEM_DB_STATEMENT_CACHE): every fixed statement of the
// server fits several times over, while generated SQL cannot grow a connection without limit.
inline constexpr std::size_t kDefaultStatementCacheSize = 256;

template <typename Statement>
class StatementCache {
 public:
  explicit StatementCache(std::size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  std::size_t size() const { return entries_.size(); }
  std::size_t capacity() const { return capacity_; }

  // The statement prepared for `text`, now the most recently used; nullptr when there is none.
  Statement* find(std::string_view text) {
    auto it = index_.find(text);
    if (it == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return &it->second->statement;
  }

  // Removes the least recently used statement when the cache is full, so that one more fits;
  // the caller releases what is returned (finalize, DEALLOCATE).
  std::optional<Statement> make_room() {
    if (entries_.size() < capacity_) return std::nullopt;
    Entry& last = entries_.back();
    index_.erase(std::string_view(last.text));
    std::optional<Statement> evicted(std::move(last.statement));
    entries_.pop_back();
    return evicted;
  }

  // Adds `statement` for a `text` not yet cached, as the most recently used. Call make_room()
  // first: this never evicts.
  Statement& insert(std::string text, Statement statement) {
    entries_.push_front(Entry{std::move(text), std::move(statement)});
    index_.emplace(std::string_view(entries_.front().text), entries_.begin());
    return entries_.front().statement;
  }

  // Releases every statement (before the connection they belong to closes).
  void clear() {
    index_.clear();
    entries_.clear();
  }

  // Forgets the statement for `text` (the server dropped it) and returns it.
  std::optional<Statement> erase(std::string_view text) {
    auto it = index_.find(text);
    if (it == index_.end()) return std::nullopt;
    auto entry = it->second;
    index_.erase(it);
    std::optional<Statement> erased(std::move(entry->statement));
    entries_.erase(entry);
    return erased;
  }

 private:
  struct Entry {
    std::string text;
    Statement statement;
  };
  using Entries = std::list<Entry>;

  std::size_t capacity_;
  Entries entries_;  // most recently used first; list nodes never move, so index_ may view them
  std::unordered_map<std::string_view, typename Entries::iterator> index_;
};

}  // namespace tandem::store
