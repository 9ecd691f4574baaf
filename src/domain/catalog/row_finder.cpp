#include "domain/catalog/row_finder.hpp"

#include "store/db/sql_dialect.hpp"
#include "store/query/select_compiler.hpp"

namespace tandem::domain::catalog {

boost::asio::awaitable<std::vector<std::int64_t>> find_ids(
    store::Queryable& runner, store::Dialect dialect, const store::query::ModelRegistry& registry,
    const store::query::ModelSchema& model, const store::query::FilterTree& filter,
    std::optional<std::int64_t> limit, bool lock_rows) {
  store::query::SelectSpec spec;
  spec.model = &model;
  spec.filter = &filter;
  spec.limit = limit;
  spec.for_update = lock_rows;
  auto query = store::query::compile_select(store::SqlDialect::of(dialect), registry, spec);
  const store::ResultSet rows = co_await runner.query(query.sql(), std::move(query.params));
  std::vector<std::int64_t> ids;
  ids.reserve(rows.size());
  for (std::size_t row = 0; row < rows.size(); ++row) ids.push_back(rows.integer(row, 0));
  co_return ids;
}

}  // namespace tandem::domain::catalog
