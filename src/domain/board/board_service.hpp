#pragma once
// TeamFlow's global task board (spec/teamflow.md §6, §8): every authenticated user sees and edits
// every board task, the creator is recorded, values are checked. The board is the tasks without a
// project (design.md): a v1 project task is not_found here, whatever the caller. Face-agnostic:
// callers get records or a BoardRefusal.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/board/board_rules.hpp"
#include "domain/board/board_settings.hpp"
#include "store/board/board_task_repository.hpp"

namespace tandem::domain::board {

using store::BoardTaskRecord;

// A new task as the caller asked for it; absent values take the original's defaults.
struct TaskDraft {
  std::optional<std::string> title;  // nullopt: absent or null
  std::optional<std::string> description;
  std::optional<std::string> priority;
  std::optional<std::string> status;
};

// The fields a caller sent; each that is set replaces the stored value.
struct TaskChanges {
  std::optional<std::string> title;
  std::optional<std::optional<std::string>> description;  // inner nullopt: clear it
  std::optional<std::string> priority;
  std::optional<std::string> status;
};

struct BoardPage {
  std::optional<std::int64_t> limit;  // nullopt: every task (the original's only answer)
  std::int64_t offset = 0;
};

template <typename T>
using BoardResult = std::variant<T, BoardRefusal>;

class BoardService {
 public:
  BoardService(store::Database& db, BoardSettings settings);

  boost::asio::awaitable<std::vector<BoardTaskRecord>> list(BoardPage page);
  // Read before list() to tag a cached answer (store/data_version.hpp).
  std::uint64_t data_version() const { return db_.data_version(store::DataScope::any); }
  // `creator` is the authenticated caller: a request body never chooses it (§8.9). The task has
  // no project and no assignee.
  boost::asio::awaitable<BoardResult<BoardTaskRecord>> create(std::int64_t creator,
                                                              TaskDraft draft);
  // A board task only: a project task is not_found (remove and exists: false), as its rules are
  // v1's (membership, assignment) and the board has no way to apply them.
  boost::asio::awaitable<BoardResult<BoardTaskRecord>> update(std::int64_t id, TaskChanges changes);
  boost::asio::awaitable<bool> remove(std::int64_t id);
  boost::asio::awaitable<bool> exists(std::int64_t id);
  // False when the database does not answer (health endpoint).
  boost::asio::awaitable<bool> database_available();

  const BoardSettings& settings() const { return settings_; }

 private:
  store::Database& db_;
  store::BoardTaskRepository tasks_;
  BoardSettings settings_;
};

}  // namespace tandem::domain::board
