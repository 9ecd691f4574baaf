// What every repository relies on from a driver, checked once and run over both: SQLite always,
// PostgreSQL when TANDEM_TEST_POSTGRES_URL is set. Driver-specific behaviour (WAL, the change
// feed, the pipeline, the pool) stays in sqlite_database_test.cpp and postgres_database_test.cpp.

#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "store/db/database.hpp"
#include "test_databases.hpp"

namespace tandem::store {
namespace {

using namespace db_test;  // NOLINT: the shared test helpers
using Kind = DatabaseError::Kind;

constexpr std::string_view kPostgresTables = R"(
  CREATE TABLE parent (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE);
  CREATE TABLE child (id bigserial PRIMARY KEY,
                      parent_id bigint NOT NULL REFERENCES parent (id),
                      qty bigint CHECK (qty >= 0));
  CREATE TABLE item (id bigserial PRIMARY KEY, name text NOT NULL, note text,
                     score double precision, qty bigint, active boolean, doc jsonb);
)";
constexpr std::string_view kSqliteTables = R"(
  CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE child (id INTEGER PRIMARY KEY,
                      parent_id INTEGER NOT NULL REFERENCES parent (id),
                      qty INTEGER CHECK (qty >= 0));
  CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT,
                     score REAL, qty INTEGER, active BOOLEAN, doc TEXT);
)";

constexpr Sql kInsertItem{"contract_insert_item", R"(
  INSERT INTO item (name, note, score, qty, active, doc) VALUES ($1, $2, $3, $4, $5, $6)
  RETURNING id)"};
constexpr Sql kInsertParent{"contract_insert_parent",
                            "INSERT INTO parent (name) VALUES ($1) RETURNING id"};
constexpr Sql kInsertChild{"contract_insert_child",
                           "INSERT INTO child (parent_id, qty) VALUES ($1, $2)"};
constexpr Sql kCountParents{"contract_count_parents", "SELECT count(*) FROM parent"};

std::string dialect_name(const ::testing::TestParamInfo<Dialect>& info) {
  return info.param == Dialect::sqlite ? "sqlite" : "postgres";
}

class DatabaseContractTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::postgres) {
      const std::string url = postgres_test_url();
      if (url.empty()) GTEST_SKIP() << "TANDEM_TEST_POSTGRES_URL is not set";
      schema_ = std::make_unique<PostgresTestSchema>(io_, url, "contract");
      db_ = open_postgres({.conninfo = schema_->conninfo()});
      run_on(io_, script(*db_, std::string(kPostgresTables)));
    } else {
      file_ = std::make_unique<SqliteTestFile>("tandem-contract");
      db_ = open_sqlite({.path = file_->path()});
      run_on(io_, script(*db_, std::string(kSqliteTables)));
    }
  }

  void TearDown() override {
    db_.reset();
    schema_.reset();
    file_.reset();
  }

  ResultSet run(const Sql& sql, SqlParams values = {}) {
    return run_on(io_, query(*db_, sql, std::move(values)));
  }
  DatabaseError fails(const Sql& sql, SqlParams values = {}) {
    return expect_error(io_, query(*db_, sql, std::move(values)));
  }

  // The rows of `rs` as text, NULL as "NULL": rows compare across drivers this way.
  static std::vector<std::vector<std::string>> rows(const ResultSet& rs) {
    std::vector<std::vector<std::string>> out(rs.size());
    for (std::size_t r = 0; r < rs.size(); ++r) {
      for (std::size_t c = 0; c < rs.column_count(); ++c) {
        out[r].push_back(rs.is_null(r, c) ? "NULL" : rs.text(r, c));
      }
    }
    return out;
  }

  std::int64_t insert_item(const std::string& name, SqlValue doc = nullptr) {
    return run(kInsertItem, {name, nullptr, nullptr, nullptr, nullptr, std::move(doc)})
        .integer(0, 0);
  }

  asio::io_context io_;
  std::unique_ptr<PostgresTestSchema> schema_;
  std::unique_ptr<SqliteTestFile> file_;
  std::unique_ptr<Database> db_;
};

// --- Parameters, RETURNING, NULL cells ---------------------------------------------------------

TEST_P(DatabaseContractTest, BindsParametersAndReadsNulls) {
  static constexpr Sql kInsertAll{"contract_insert_all", R"(
    INSERT INTO item (name, note, score, qty, active) VALUES ($1, $2, $3, $4, $5)
    RETURNING id, name, note, score, qty, active)"};
  auto r = run(kInsertAll, {std::string("widget"), nullptr, 2.5, std::int64_t{42}, true});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.columns(),
            (std::vector<std::string>{"id", "name", "note", "score", "qty", "active"}));
  EXPECT_EQ(r.affected_rows, 1);
  EXPECT_GT(r.integer(0, 0), 0);
  EXPECT_EQ(r.text(0, 1), "widget");
  EXPECT_TRUE(r.is_null(0, 2));
  EXPECT_EQ(r.optional_text(0, 2), std::nullopt);
  EXPECT_EQ(r.optional_integer(0, 2), std::nullopt);
  EXPECT_DOUBLE_EQ(r.real(0, 3), 2.5);
  EXPECT_EQ(r.integer(0, 4), 42);
  EXPECT_TRUE(r.boolean(0, 5));

  auto off = run(kInsertAll, {std::string("off"), std::string("n"), 0.0, std::int64_t{0}, false});
  EXPECT_FALSE(off.boolean(0, 5));
  EXPECT_EQ(off.optional_text(0, 2), "n");

  static constexpr Sql kValues{"contract_values",
                               "SELECT $1::text IS NULL, $2::float8 = 0.1, $3::bigint, $4::text",
                               "SELECT $1 IS NULL, $2 = 0.1, $3, $4"};
  auto v = run(kValues, {nullptr, 0.1, std::numeric_limits<std::int64_t>::min(),
                         std::string("h\xC3\xA9llo 'quoted' $1")});
  EXPECT_TRUE(v.boolean(0, 0));
  EXPECT_TRUE(v.boolean(0, 1));
  EXPECT_EQ(v.integer(0, 2), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(v.text(0, 3), "h\xC3\xA9llo 'quoted' $1");

  static constexpr Sql kEmpty{"contract_empty", "SELECT id FROM item WHERE id < 0"};
  auto e = run(kEmpty);
  EXPECT_TRUE(e.empty());
  EXPECT_EQ(e.column_count(), 1u);
}

TEST_P(DatabaseContractTest, AffectedRowsCountWhatChanged) {
  for (const char* name : {"a", "b", "c"}) insert_item(name);
  static constexpr Sql kRename{"contract_rename",
                               "UPDATE item SET note = $1 WHERE name IN ('a', 'b')"};
  EXPECT_EQ(run(kRename, {std::string("x")}).affected_rows, 2);
  static constexpr Sql kRenameNone{"contract_rename_none",
                                   "UPDATE item SET note = $1 WHERE name = 'nobody'"};
  EXPECT_EQ(run(kRenameNone, {std::string("x")}).affected_rows, 0);
  static constexpr Sql kDelete{"contract_delete", "DELETE FROM item WHERE note = $1"};
  EXPECT_EQ(run(kDelete, {std::string("x")}).affected_rows, 2);
}

// --- Errors ------------------------------------------------------------------------------------

TEST_P(DatabaseContractTest, ConstraintViolationsHaveTheirKinds) {
  auto parent = run(kInsertParent, {std::string("a")}).integer(0, 0);
  auto unique = fails(kInsertParent, {std::string("a")});
  EXPECT_EQ(unique.kind(), Kind::unique_violation);
  EXPECT_NE(unique.constraint().find("name"), std::string::npos) << unique.constraint();
  EXPECT_EQ(fails(kInsertChild, {std::int64_t{999}, std::int64_t{1}}).kind(),
            Kind::foreign_key_violation);
  EXPECT_EQ(fails(kInsertChild, {parent, std::int64_t{-1}}).kind(), Kind::check_violation);
  EXPECT_EQ(fails(kInsertParent, {nullptr}).kind(), Kind::check_violation);  // NOT NULL
  static constexpr Sql kBadSql{"contract_bad_sql", "SELECT * FROM no_such_table"};
  EXPECT_EQ(fails(kBadSql).kind(), Kind::other);
  // The connection survives its errors.
  run(kInsertParent, {std::string("b")});
  EXPECT_EQ(run(kCountParents).integer(0, 0), 2);
}

// --- Transactions ------------------------------------------------------------------------------

asio::awaitable<void> insert_then_drop(Database& db) {
  auto tx = co_await db.begin();
  auto r = co_await tx->query(kInsertParent, params(std::string("dropped")));
  // Leaving without commit() must roll back.
}

asio::awaitable<void> insert_two_and_commit(Database& db) {
  auto tx = co_await db.begin();
  auto a = co_await tx->query(kInsertParent, params(std::string("a")));
  auto b = co_await tx->query(kInsertParent, params(std::string("b")));
  co_await tx->commit();
}

TEST_P(DatabaseContractTest, TransactionsCommitAndRollBackWhenDropped) {
  run_on(io_, insert_then_drop(*db_));
  EXPECT_EQ(run(kCountParents).integer(0, 0), 0);
  run_on(io_, insert_two_and_commit(*db_));
  EXPECT_EQ(run(kCountParents).integer(0, 0), 2);
  run_on(io_, insert_then_drop(*db_));
  EXPECT_EQ(run(kCountParents).integer(0, 0), 2);
}

asio::awaitable<void> fail_inside_transaction(Database& db, std::vector<Kind>& kinds) {
  auto tx = co_await db.begin();
  auto ok = co_await tx->query(kInsertParent, params(std::string("a")));
  try {
    auto dup = co_await tx->query(kInsertParent, params(std::string("a")));
  } catch (const DatabaseError& e) {
    kinds.push_back(e.kind());
  }
  try {
    auto next = co_await tx->query(kInsertParent, params(std::string("b")));
  } catch (const DatabaseError& e) {
    kinds.push_back(e.kind());
  }
  try {
    co_await tx->commit();
    kinds.push_back(Kind::overloaded);  // a marker: commit reported success
  } catch (const DatabaseError& e) {
    kinds.push_back(e.kind());
  }
}

TEST_P(DatabaseContractTest, FailedStatementAbortsTransaction) {
  std::vector<Kind> kinds;
  run_on(io_, fail_inside_transaction(*db_, kinds));
  EXPECT_EQ(kinds, (std::vector<Kind>{Kind::unique_violation, Kind::other, Kind::other}));
  EXPECT_EQ(run(kCountParents).integer(0, 0), 0);  // the aborted transaction left nothing
}

// --- The same statement returns the same rows on both -----------------------------------------

using Rows = std::vector<std::vector<std::string>>;

TEST_P(DatabaseContractTest, RepresentativeStatementsReturnTheSameRows) {
  const auto ann = run(kInsertParent, {std::string("ann")}).integer(0, 0);
  const auto bob = run(kInsertParent, {std::string("bob")}).integer(0, 0);
  // Upper case for lower(); and no ORDER BY on names below, whose order follows the collation.
  run(kInsertParent, {std::string("Cy_1%")});
  for (std::int64_t qty : {1, 2, 3}) run(kInsertChild, {ann, qty});
  run(kInsertChild, {bob, nullptr});
  static constexpr Sql kInsertScored{"contract_insert_scored",
                                     "INSERT INTO item (name, note, score, qty) "
                                     "VALUES ($1, $2, $3, $4)"};
  run(kInsertScored, {std::string("x"), std::string("note"), 2.5, std::int64_t{7}});
  run(kInsertScored, {std::string("y"), nullptr, -0.25, std::int64_t{2}});

  struct Case {
    Sql sql;
    SqlParams params;
    Rows expected;
  };
  const std::vector<Case> cases = {
      {{"contract_join_count", R"(
          SELECT p.name, count(c.id), sum(c.qty), max(c.qty)
          FROM parent p LEFT JOIN child c ON c.parent_id = p.id
          GROUP BY p.id, p.name ORDER BY p.id)"},
       {},
       {{"ann", "3", "6", "3"}, {"bob", "1", "NULL", "NULL"}, {"Cy_1%", "0", "NULL", "NULL"}}},
      {{"contract_like", R"(
          SELECT name FROM parent WHERE lower(name) LIKE $1 ESCAPE '\' ORDER BY id)"},
       {std::string("cy\\_1\\%%")},
       {{"Cy_1%"}}},
      {{"contract_coalesce_case", R"(
          SELECT name, coalesce(note, '-'), CASE WHEN qty > 5 THEN 'many' ELSE 'few' END,
                 qty / 2, score
          FROM item ORDER BY id)"},
       {},
       {{"x", "note", "many", "3", "2.5"}, {"y", "-", "few", "1", "-0.25"}}},
      {{"contract_limit_offset", "SELECT name FROM parent ORDER BY id LIMIT $1 OFFSET $2"},
       {std::int64_t{1}, std::int64_t{1}},
       {{"bob"}}},
      {{"contract_exists", R"(
          SELECT name FROM parent p
          WHERE NOT EXISTS (SELECT 1 FROM child c WHERE c.parent_id = p.id) ORDER BY p.id)"},
       {},
       {{"Cy_1%"}}},
      {{"contract_returning_update",
        "UPDATE child SET qty = qty + $1 WHERE parent_id = $2 AND qty >= 2 RETURNING qty"},
       {std::int64_t{10}, ann},
       {{"12"}, {"13"}}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(rows(run(c.sql, c.params)), c.expected) << c.sql.name;
  }
}

// --- JSON and array parameters --------------------------------------------------------------

TEST_P(DatabaseContractTest, JsonParameterRoundTrips) {
  insert_item("doc", SqlJson{R"({"a": 1, "tags": ["x", "y"], "s": "h\u00e9 \"q\""})"});
  insert_item("none", nullptr);
  static constexpr Sql kRead{"contract_read_json",
                             "SELECT name, doc ->> 'a', doc -> 'tags' ->> 1, doc ->> 's' "
                             "FROM item ORDER BY name",
                             "SELECT name, json_extract(doc, '$.a'), json_extract(doc, "
                             "'$.tags[1]'), json_extract(doc, '$.s') FROM item ORDER BY name"};
  EXPECT_EQ(rows(run(kRead)),
            (std::vector<std::vector<std::string>>{{"doc", "1", "y", "h\xC3\xA9 \"q\""},
                                                   {"none", "NULL", "NULL", "NULL"}}));
}

TEST_P(DatabaseContractTest, JsonContainment) {
  if (GetParam() == Dialect::sqlite) {
    GTEST_SKIP() << "SQLite has no containment operator; the SQL kit provides one";
  }
  insert_item("xy", SqlJson{R"({"tags": ["x", "y"], "n": 1})"});
  insert_item("z", SqlJson{R"({"tags": ["z"], "n": 1})"});
  static constexpr Sql kContains{"contract_contains",
                                 "SELECT name FROM item WHERE doc @> $1 ORDER BY name"};
  EXPECT_EQ(rows(run(kContains, {SqlJson{R"({"tags": ["y"]})"}})),
            (std::vector<std::vector<std::string>>{{"xy"}}));
  EXPECT_EQ(rows(run(kContains, {SqlJson{R"({"n": 1})"}})),
            (std::vector<std::vector<std::string>>{{"xy"}, {"z"}}));
  // Typed as jsonb by the driver: no cast needed where the server could not infer one.
  static constexpr Sql kBare{"contract_bare_json", "SELECT $1 @> '{\"a\": 1}'"};
  EXPECT_TRUE(run(kBare, {SqlJson{R"({"a": 1, "b": 2})"}}).boolean(0, 0));
}

// = ANY($1) on PostgreSQL, IN (SELECT value FROM json_each(?1)) on SQLite.
constexpr Sql kItemsById{"contract_items_by_id",
                         "SELECT name FROM item WHERE id = ANY($1) ORDER BY id",
                         "SELECT name FROM item WHERE id IN (SELECT value FROM json_each($1)) "
                         "ORDER BY id"};
constexpr Sql kItemsByName{"contract_items_by_name",
                           "SELECT id FROM item WHERE name = ANY($1) ORDER BY id",
                           "SELECT id FROM item WHERE name IN (SELECT value FROM json_each($1)) "
                           "ORDER BY id"};

TEST_P(DatabaseContractTest, IntegerArraySelectsRows) {
  std::vector<std::int64_t> ids;
  for (const char* name : {"a", "b", "c", "d", "e"}) ids.push_back(insert_item(name));
  EXPECT_EQ(rows(run(kItemsById, {SqlIntArray{ids[0], ids[2], ids[4], 999'999}})),
            (std::vector<std::vector<std::string>>{{"a"}, {"c"}, {"e"}}));
  EXPECT_TRUE(run(kItemsById, {SqlIntArray{}}).empty());
}

TEST_P(DatabaseContractTest, TextArraySelectsRowsWhateverTheirCharacters) {
  const std::vector<std::string> awkward = {
      "plain", "with \"quotes\"", "back\\slash", "comma, {brace}", "h\xC3\xA9llo", "NULL", ""};
  std::vector<std::vector<std::string>> expected;
  for (const auto& name : awkward) expected.push_back({std::to_string(insert_item(name))});
  insert_item("not asked for");
  EXPECT_EQ(rows(run(kItemsByName, {SqlTextArray(awkward)})), expected);
  EXPECT_TRUE(run(kItemsByName, {SqlTextArray{}}).empty());
}

TEST_P(DatabaseContractTest, ArrayParametersCarryTheirType) {
  static constexpr Sql kLength{"contract_array_length", "SELECT cardinality($1)",
                               "SELECT json_array_length($1)"};
  EXPECT_EQ(run(kLength, {SqlIntArray{1, 2, 3}}).integer(0, 0), 3);
  EXPECT_EQ(run(kLength, {SqlTextArray{"a", "b"}}).integer(0, 0), 2);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DatabaseContractTest,
                         ::testing::Values(Dialect::sqlite, Dialect::postgres), dialect_name);

}  // namespace
}  // namespace tandem::store
