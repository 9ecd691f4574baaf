#pragma once
// Running a statement and reading its rows as records in one call: the shape every repository
// read had spelled out by hand.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <vector>

#include "store/db/columns.hpp"
#include "store/db/database.hpp"

namespace tandem::store {

// `runner` is a Database or a Transaction; `sql` and `columns` live in a statement table (they
// must outlive the call); `values` are the statement's parameters in order.
template <typename Runner, typename... Values>
boost::asio::awaitable<ResultSet> run_with_values(Runner& runner, const Sql& sql,
                                                  Values... values) {
  SqlParams params{SqlValue(std::move(values))...};
  auto rs = co_await runner.query(sql, std::move(params));
  co_return rs;
}

template <typename Record, typename Runner, typename... Values>
boost::asio::awaitable<std::optional<Record>> first_record(Runner& runner, const Sql& sql,
                                                           const Columns<Record>& columns,
                                                           Values... values) {
  auto rs = co_await run_with_values(runner, sql, std::move(values)...);
  co_return columns.first(rs);
}

template <typename Record, typename Runner, typename... Values>
boost::asio::awaitable<std::vector<Record>> all_records(Runner& runner, const Sql& sql,
                                                        const Columns<Record>& columns,
                                                        Values... values) {
  auto rs = co_await run_with_values(runner, sql, std::move(values)...);
  co_return columns.all(rs);
}

}  // namespace tandem::store
