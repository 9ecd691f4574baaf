#pragma once
// TeamFlow's view of the shared tasks table (design.md, "One data model"): the tasks without a
// project, by integer id, newest first. Project tasks are TaskRepository's (the v1 face and its
// membership rules): no statement here reads, changes or deletes one, so their ids are unknown.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

struct BoardTaskRecord {
  std::int64_t id = 0;
  std::string title;
  std::optional<std::string> description;
  std::string priority;
  std::string status;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;  // microseconds since the epoch, UTC
  std::int64_t updated_at = 0;
};

struct NewBoardTask {
  std::string uuid;  // the id the v1 face would show
  std::string title;
  std::string description;
  std::string priority;
  std::string status;
  std::int64_t created_by = 0;
  std::int64_t now = 0;
};

// Each optional that is set replaces the column; description's inner optional may clear it.
struct BoardTaskPatch {
  std::optional<std::string> title;
  std::optional<std::optional<std::string>> description;
  std::optional<std::string> priority;
  std::optional<std::string> status;
  std::int64_t now = 0;
};

class BoardTaskRepository {
 public:
  explicit BoardTaskRepository(Database& db) : db_(db) {}

  // Newest first (created_at DESC, id DESC); no limit = every board task.
  boost::asio::awaitable<std::vector<BoardTaskRecord>> list(std::optional<std::int64_t> limit,
                                                            std::int64_t offset);
  boost::asio::awaitable<bool> exists(std::int64_t id);
  boost::asio::awaitable<BoardTaskRecord> insert(const NewBoardTask& task);
  // nullopt when there is no such board task. updated_at moves only when a value changes.
  boost::asio::awaitable<std::optional<BoardTaskRecord>> update(std::int64_t id,
                                                                const BoardTaskPatch& patch);
  boost::asio::awaitable<bool> remove(std::int64_t id);
  // True when the database answers a trivial query.
  boost::asio::awaitable<bool> ping();

 private:
  Database& db_;
};

}  // namespace tandem::store
