#include "store/db/record_query.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <string>

#include "store/db/sql_builder.hpp"

namespace tandem::store {
namespace {

struct Number {
  std::int64_t n = 0;
  std::string label;
};

// Stands in for a Database: keeps the parameters it was given and answers two rows.
class RecordingRunner {
 public:
  boost::asio::awaitable<ResultSet> query(const Sql& sql, SqlParams params) {
    seen_sql = std::string(sql.postgres);
    seen = std::move(params);
    ResultSet rs({"n", "label"});
    rs.add_cell(std::string("7"));
    rs.add_cell(std::string("seven"));
    rs.add_cell(std::string("8"));
    rs.add_cell(std::nullopt);
    co_return rs;
  }

  std::string seen_sql;
  SqlParams seen;
};

const Columns<Number> kColumns{{"n", &Number::n}, {"label", &Number::label}};
const Statement kStatement("numbers", "SELECT n, label FROM numbers WHERE a = $1 AND b = $2");

template <typename T>
T await(boost::asio::awaitable<T> pending) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, std::move(pending), boost::asio::use_future);
  io.run();
  return future.get();
}

// Not coroutines: each returns the query's awaitable after its arguments are gone.
boost::asio::awaitable<std::optional<Number>> first_of_a_local(RecordingRunner& runner) {
  std::string text = "a text longer than the small-string buffer of std::string";
  return first_record(runner, kStatement, kColumns, text, std::int64_t{3});
}
boost::asio::awaitable<std::vector<Number>> all_of_a_local(RecordingRunner& runner) {
  std::string text = "another text longer than the small-string buffer";
  return all_records(runner, kStatement, kColumns, text, nullable(std::optional<double>{}));
}

TEST(RecordQueryTest, FirstRecordBindsItsValuesBeforeItReturns) {
  RecordingRunner runner;
  auto found = await(first_of_a_local(runner));
  EXPECT_EQ(runner.seen_sql, kStatement.text());
  ASSERT_EQ(runner.seen.size(), 2u);
  EXPECT_EQ(std::get<std::string>(runner.seen[0]),
            "a text longer than the small-string buffer of std::string");
  EXPECT_EQ(std::get<std::int64_t>(runner.seen[1]), 3);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->n, 7);
  EXPECT_EQ(found->label, "seven");
}

TEST(RecordQueryTest, AllRecordsReadsEveryRowInOrder) {
  RecordingRunner runner;
  auto found = await(all_of_a_local(runner));
  ASSERT_EQ(runner.seen.size(), 2u);
  EXPECT_EQ(std::get<std::string>(runner.seen[0]),
            "another text longer than the small-string buffer");
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(runner.seen[1]));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].n, 7);
  EXPECT_EQ(found[0].label, "seven");
  EXPECT_EQ(found[1].n, 8);
  EXPECT_EQ(found[1].label, "");  // NULL text reads as empty
}

TEST(RecordQueryTest, BindValuesKeepsTheOrderAndTheKinds) {
  const auto params = bind_values(std::int64_t{1}, std::string("two"), true, nullptr);
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(std::get<std::int64_t>(params[0]), 1);
  EXPECT_EQ(std::get<std::string>(params[1]), "two");
  EXPECT_EQ(std::get<bool>(params[2]), true);
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(params[3]));
  EXPECT_TRUE(bind_values().empty());
}

}  // namespace
}  // namespace tandem::store
