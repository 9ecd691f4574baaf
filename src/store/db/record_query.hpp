#pragma once
// Running a statement and reading its rows as records in one call: the shape every repository
// read had spelled out by hand.
//
// first_record() and all_records() are not coroutines themselves: they bind the values at once
// and hand them to the one coroutine that runs the query, so a read costs a single coroutine
// frame on top of the driver's (each frame is a heap allocation on the request's hot path).

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "store/db/columns.hpp"
#include "store/db/database.hpp"

namespace tandem::store {

// The statement's parameters in order, each built in place in the list (a braced list would
// copy every value once more out of its initializer_list).
template <typename... Values>
SqlParams bind_values(Values&&... values) {
  SqlParams params;
  params.reserve(sizeof...(Values));
  (params.emplace_back(std::forward<Values>(values)), ...);
  return params;
}

namespace record_query_detail {

template <typename Record, typename Runner>
boost::asio::awaitable<std::optional<Record>> first(Runner& runner, const Sql& sql,
                                                    const Columns<Record>& columns,
                                                    SqlParams params) {
  auto rs = co_await runner.query(sql, std::move(params));
  co_return columns.first(rs);
}

template <typename Record, typename Runner>
boost::asio::awaitable<std::vector<Record>> all(Runner& runner, const Sql& sql,
                                                const Columns<Record>& columns, SqlParams params) {
  auto rs = co_await runner.query(sql, std::move(params));
  co_return columns.all(rs);
}

}  // namespace record_query_detail

// `runner` is a Database or a Transaction; `sql` and `columns` live in a statement table (they
// must outlive the call); `values` are the statement's parameters in order, bound before these
// return. Taken by value, as when these were coroutines: a temporary argument initialises the
// parameter itself rather than binding a reference across the caller's co_await (g++ 12).
template <typename Record, typename Runner, typename... Values>
boost::asio::awaitable<std::optional<Record>> first_record(Runner& runner, const Sql& sql,
                                                           const Columns<Record>& columns,
                                                           Values... values) {
  return record_query_detail::first<Record>(runner, sql, columns,
                                            bind_values(std::move(values)...));
}

template <typename Record, typename Runner, typename... Values>
boost::asio::awaitable<std::vector<Record>> all_records(Runner& runner, const Sql& sql,
                                                        const Columns<Record>& columns,
                                                        Values... values) {
  return record_query_detail::all<Record>(runner, sql, columns, bind_values(std::move(values)...));
}

}  // namespace tandem::store
