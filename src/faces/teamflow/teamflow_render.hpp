#pragma once
// The original's to_dict() shapes (spec/teamflow.md §4). Keys are inserted in sorted order, so
// the Flask JSON writer takes its no-sort path.

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "store/board/board_task_repository.hpp"
#include "store/identity/user_repository.hpp"

namespace tandem::faces::teamflow {

// Naive UTC ISO-8601 with all six fractional digits, "2025-01-02T03:04:05.000000" (§8.16: the
// original dropped the fraction when it was zero).
std::string naive_utc_timestamp(std::int64_t micros);

// created_at, created_by (superset, §8.9), description, id, priority, status, title, updated_at.
boost::json::object render_task(const store::BoardTaskRecord& task);

// The same bytes as flask_json(render_task(task)) without its trailing newline, appended to
// `out` directly: the list endpoint writes every row this way, with no tree per row.
void append_task_json(std::string& out, const store::BoardTaskRecord& task);

// flask_json of the array of render_task rows, trailing newline included.
std::string render_task_list(const std::vector<store::BoardTaskRecord>& tasks);

// created_at, id, username.
boost::json::object render_user(const store::UserRecord& user);

}  // namespace tandem::faces::teamflow
