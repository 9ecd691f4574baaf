#pragma once
// The ids of a model's rows that match a checked filter, id DESC (spec/beyo.md §2.3, §2.5): the
// targets of update, delete, link and unlink. `lock_rows` takes them FOR UPDATE (PostgreSQL;
// SQLite's one writer already excludes every other writer).

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <vector>

#include "store/db/database.hpp"
#include "store/query/filter_tree.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::domain::catalog {

boost::asio::awaitable<std::vector<std::int64_t>> find_ids(
    store::Queryable& runner, store::Dialect dialect, const store::query::ModelRegistry& registry,
    const store::query::ModelSchema& model, const store::query::FilterTree& filter,
    std::optional<std::int64_t> limit, bool lock_rows);

}  // namespace tandem::domain::catalog
