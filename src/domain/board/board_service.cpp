#include "domain/board/board_service.hpp"

#include <spdlog/spdlog.h>

#include "platform/clock.hpp"
#include "platform/uuid.hpp"

namespace tandem::domain::board {

namespace {

// The first refusal among the values a caller sent, checked in the order of the task object.
std::optional<BoardRefusal> check_values(const std::optional<std::string>& title,
                                         const std::optional<std::string>& priority,
                                         const std::optional<std::string>& status) {
  if (title) {
    if (auto refusal = check_title(*title)) return refusal;
  }
  if (priority && !is_priority(*priority)) return BoardRefusal::invalid_priority;
  if (status && !is_status(*status)) return BoardRefusal::invalid_status;
  return std::nullopt;
}

}  // namespace

BoardService::BoardService(store::Database& db, BoardSettings settings)
    : db_(db), tasks_(db), settings_(settings) {}

boost::asio::awaitable<std::vector<BoardTaskRecord>> BoardService::list(BoardPage page) {
  auto rows = co_await tasks_.list(page.limit, page.offset);
  co_return rows;
}

boost::asio::awaitable<BoardResult<BoardTaskRecord>> BoardService::create(std::int64_t creator,
                                                                          TaskDraft draft) {
  if (!draft.title) co_return BoardRefusal::title_required;
  if (auto refusal = check_values(draft.title, draft.priority, draft.status)) co_return *refusal;
  store::NewBoardTask task;
  task.uuid = platform::new_uuid_v4();
  task.title = std::move(*draft.title);
  task.description = draft.description.value_or("");
  task.priority = draft.priority.value_or("medium");
  task.status = draft.status.value_or("todo");
  task.created_by = creator;
  task.now = platform::Clock::instance().now_micros();
  auto created = co_await tasks_.insert(task);
  co_return created;
}

boost::asio::awaitable<BoardResult<BoardTaskRecord>> BoardService::update(std::int64_t id,
                                                                          TaskChanges changes) {
  if (auto refusal = check_values(changes.title, changes.priority, changes.status)) {
    // The original looked the task up before reading the body: an unknown id answers 404 even
    // when the body is bad.
    auto found = co_await tasks_.exists(id);
    co_return found ? *refusal : BoardRefusal::not_found;
  }
  store::BoardTaskPatch patch;
  patch.title = std::move(changes.title);
  patch.description = std::move(changes.description);
  patch.priority = std::move(changes.priority);
  patch.status = std::move(changes.status);
  patch.now = platform::Clock::instance().now_micros();
  auto updated = co_await tasks_.update(id, patch);
  if (!updated) co_return BoardRefusal::not_found;
  co_return std::move(*updated);
}

boost::asio::awaitable<bool> BoardService::remove(std::int64_t id) {
  auto removed = co_await tasks_.remove(id);
  co_return removed;
}

boost::asio::awaitable<bool> BoardService::exists(std::int64_t id) {
  auto found = co_await tasks_.exists(id);
  co_return found;
}

boost::asio::awaitable<bool> BoardService::database_available() {
  bool ok = false;
  try {
    ok = co_await tasks_.ping();
  } catch (const std::exception& e) {
    spdlog::warn("health check: the database does not answer: {}", e.what());
  }
  co_return ok;
}

}  // namespace tandem::domain::board
