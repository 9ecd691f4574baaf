// What every repository relies on from a driver, checked once and run over both: SQLite always,
// PostgreSQL when TANDEM_TEST_POSTGRES_URL is set. Driver-specific behaviour (WAL, the change
// feed, the pipeline, the pool) stays in sqlite_database_test.cpp and postgres_database_test.cpp.

#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "store/db/database.hpp"
#include "store/db/sql_dialect.hpp"
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

  const SqlDialect& dialect() const { return SqlDialect::of(GetParam()); }

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

// The identity tables' unique indexes (migrations 0001), in miniature.
constexpr std::string_view kPostgresAccounts = R"(
  CREATE TABLE users (id bigserial PRIMARY KEY, email text, username text UNIQUE);
  CREATE UNIQUE INDEX users_email_ci ON users (lower(email));
  CREATE TABLE roles (id bigserial PRIMARY KEY, name text NOT NULL);
  CREATE UNIQUE INDEX roles_name_ci ON roles (lower(name));
  CREATE TABLE user_roles (user_id bigint, role_id bigint, PRIMARY KEY (user_id, role_id));
)";
constexpr std::string_view kSqliteAccounts = R"(
  CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT, username TEXT UNIQUE);
  CREATE UNIQUE INDEX users_email_ci ON users (lower(email));
  CREATE TABLE roles (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
  CREATE UNIQUE INDEX roles_name_ci ON roles (lower(name));
  CREATE TABLE user_roles (user_id INTEGER, role_id INTEGER, PRIMARY KEY (user_id, role_id));
)";

// Both drivers report PostgreSQL's SQLSTATE and name the constraint and column alike, so the
// schemes face's error classes and texts do not depend on the database (spec/beyo.md §2.12).
TEST_P(DatabaseContractTest, IntegrityErrorsCarryPostgresSqlstates) {
  run_on(io_, script(*db_, std::string(GetParam() == Dialect::postgres ? kPostgresAccounts
                                                                       : kSqliteAccounts)));
  static constexpr Sql kAddUser{"contract_add_user",
                                "INSERT INTO users (id, email, username) VALUES ($1, $2, $3)"};
  static constexpr Sql kAddRole{"contract_add_role", "INSERT INTO roles (name) VALUES ($1)"};
  run(kAddUser, {std::int64_t{1}, std::string("Ann@Example.com"), std::string("ann")});
  run(kAddRole, {std::string("Worker")});

  auto email = fails(kAddUser, {std::int64_t{2}, std::string("ann@example.COM"), nullptr});
  EXPECT_EQ(email.kind(), Kind::unique_violation);
  EXPECT_EQ(email.sqlstate(), "23505");
  EXPECT_EQ(email.constraint(), "users_email_ci");
  auto username = fails(kAddUser, {std::int64_t{3}, nullptr, std::string("ann")});
  EXPECT_EQ(username.sqlstate(), "23505");
  EXPECT_EQ(username.constraint(), "users_username_key");
  auto key = fails(kAddUser, {std::int64_t{1}, nullptr, nullptr});
  EXPECT_EQ(key.sqlstate(), "23505");
  EXPECT_EQ(key.constraint(), "users_pkey");
  auto role = fails(kAddRole, {std::string("WORKER")});
  EXPECT_EQ(role.sqlstate(), "23505");
  EXPECT_EQ(role.constraint(), "roles_name_ci");

  static constexpr Sql kGrant{"contract_grant",
                              "INSERT INTO user_roles (user_id, role_id) VALUES (1, 1)"};
  run(kGrant);
  auto grant = fails(kGrant);
  EXPECT_EQ(grant.sqlstate(), "23505");
  EXPECT_EQ(grant.constraint(), "user_roles_pkey");

  auto not_null = fails(kAddRole, {nullptr});
  EXPECT_EQ(not_null.kind(), Kind::check_violation);
  EXPECT_EQ(not_null.sqlstate(), "23502");
  EXPECT_EQ(not_null.column(), "name");

  auto fk = fails(kInsertChild, {std::int64_t{999}, std::int64_t{1}});
  EXPECT_EQ(fk.kind(), Kind::foreign_key_violation);
  EXPECT_EQ(fk.sqlstate(), "23503");
  const auto parent = run(kInsertParent, {std::string("p")}).integer(0, 0);
  auto check = fails(kInsertChild, {parent, std::int64_t{-1}});
  EXPECT_EQ(check.sqlstate(), "23514");
  EXPECT_EQ(check.constraint().find(' '), std::string::npos)
      << "a name or nothing, never the expression: " << check.constraint();
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
  insert_item("xy", SqlJson{R"({"tags": ["x", "y"], "n": 1})"});
  insert_item("z", SqlJson{R"({"tags": ["z"], "n": 1})"});
  const std::string text =
      "SELECT name FROM item WHERE " + dialect().json_contains("doc", "$1") + " ORDER BY name";
  const Sql contains{"contract_contains", text};
  EXPECT_EQ(rows(run(contains, {SqlJson{R"({"tags": ["y"]})"}})),
            (std::vector<std::vector<std::string>>{{"xy"}}));
  EXPECT_EQ(rows(run(contains, {SqlJson{R"({"n": 1})"}})),
            (std::vector<std::vector<std::string>>{{"xy"}, {"z"}}));
  if (GetParam() == Dialect::postgres) {
    // Typed as jsonb by the driver: no cast needed where the server could not infer one.
    static constexpr Sql kBare{"contract_bare_json", "SELECT $1 @> '{\"a\": 1}'"};
    EXPECT_TRUE(run(kBare, {SqlJson{R"({"a": 1, "b": 2})"}}).boolean(0, 0));
  }
}

// --- The schemes engine's operators: the same rows from both databases -------------------------
// Each case's expected rows are what PostgreSQL answers (the postgres instance checks that);
// the SQLite instance must answer the same through its registered functions.

struct Labelled {
  const char* label;
  std::optional<std::string> doc;   // JSON text; nullopt: SQL NULL
  std::optional<std::string> note;  // text for the pattern operators; nullopt: SQL NULL
};

const std::vector<Labelled>& operator_rows() {
  static const std::vector<Labelled> rows = {
      {"r1", R"({"a": 1, "b": {"c": [1, 2, {"d": "x"}]}})", "Chair 50%"},
      {"r2", R"({"a": 1.0, "tags": ["red", "blue", "red"]})", "chair_a"},
      {"r3", R"([1, "two", {"k": "v"}, [3, 4]])", "CHAIR"},
      {"r4", R"("scalar")",
       "\xC3\x84rger \xC3\xBC"
       "ber \xC3\x96l"},             // Ärger über Öl
      {"r5", "42", "\xC3\xA4rger"},  // ärger
      {"r6", R"({"a": "1"})", "back\\slash"},
      {"r7", "[]", "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3"},  // ΟΔΟΣ
      {"r8", "{}", "\xD0\x94\xD0\xBE\xD0\xBC"},          // Дом
      {"r9", "null", ""},
      {"r10", std::nullopt, std::nullopt},
      {"r11", R"(["a", "b"])", "chaise"},
      {"r12", R"({"a": [1, {"x": 1, "y": 2}], "n": null})",
       "Stra\xC3\x9F"
       "e"},  // Straße
      {"r13", R"("a")",
       "\xC3\x89"
       "cole \xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91"},  // École ΣΟΦΙΑ
  };
  return rows;
}

class OperatorContractTest : public DatabaseContractTest {
 protected:
  void SetUp() override {
    DatabaseContractTest::SetUp();
    if (IsSkipped()) return;
    static constexpr Sql kInsert{"contract_insert_labelled",
                                 "INSERT INTO item (name, doc, note) VALUES ($1, $2, $3)"};
    for (const auto& row : operator_rows()) {
      SqlValue doc = row.doc ? SqlValue(SqlJson{*row.doc}) : SqlValue(nullptr);
      SqlValue note = row.note ? SqlValue(*row.note) : SqlValue(nullptr);
      run(kInsert, {std::string(row.label), std::move(doc), std::move(note)});
    }
  }

  // The labels of the rows `condition` (with $1 bound to `value`) selects, in insertion order.
  std::vector<std::string> labels(const std::string& condition, SqlValue value) {
    const std::string text = "SELECT name FROM item WHERE " + condition + " ORDER BY id";
    const Sql sql{"", text};
    std::vector<std::string> out;
    for (const auto& row : rows(run(sql, {std::move(value)}))) out.push_back(row.at(0));
    return out;
  }
  DatabaseError failure(const std::string& condition, SqlValue value) {
    const std::string text = "SELECT name FROM item WHERE " + condition + " ORDER BY id";
    const Sql sql{"", text};
    return fails(sql, {std::move(value)});
  }
};

using Labels = std::vector<std::string>;

TEST_P(OperatorContractTest, JsonContainsFollowsJsonb) {
  const auto contains = [&](const char* json) {
    return labels(dialect().json_contains("doc", "$1"), SqlJson{json});
  };
  EXPECT_EQ(contains(R"({"a": 1})"), (Labels{"r1", "r2"})) << "1 = 1.0, not \"1\"";
  EXPECT_EQ(contains(R"({"a": 1e0})"), (Labels{"r1", "r2"}));
  EXPECT_EQ(contains(R"({"b": {"c": [{"d": "x"}]}})"), (Labels{"r1"}));
  EXPECT_EQ(contains(R"({"b": {"c": [2, 1, 2]}})"), (Labels{"r1"})) << "any order, repeats";
  EXPECT_EQ(contains(R"({"tags": ["red", "red"]})"), (Labels{"r2"}));
  EXPECT_EQ(contains(R"({"tags": "red"})"), (Labels{})) << "no scalar-in-array below the top";
  EXPECT_EQ(contains(R"("two")"), (Labels{"r3"})) << "a top-level array holds the scalar";
  EXPECT_EQ(contains(R"([{"k": "v"}])"), (Labels{"r3"}));
  EXPECT_EQ(contains(R"({"k": "v"})"), (Labels{})) << "an array never contains an object";
  EXPECT_EQ(contains("[[3]]"), (Labels{"r3"}));
  EXPECT_EQ(contains("[3]"), (Labels{})) << "3 is inside a nested array only";
  EXPECT_EQ(contains("[]"), (Labels{"r3", "r7", "r11"})) << "scalars contain no array";
  EXPECT_EQ(contains("{}"), (Labels{"r1", "r2", "r6", "r8", "r12"}));
  EXPECT_EQ(contains("42.0"), (Labels{"r5"}));
  EXPECT_EQ(contains("1"), (Labels{"r3"}));
  EXPECT_EQ(contains("null"), (Labels{"r9"}));
  EXPECT_EQ(contains(R"({"a": [{"x": 1}]})"), (Labels{"r12"}));
  EXPECT_EQ(contains(R"({"n": null})"), (Labels{"r12"}));
  EXPECT_EQ(contains(R"("a")"), (Labels{"r11", "r13"}));
}

TEST_P(OperatorContractTest, JsonContainedByIsContainsReversed) {
  const auto contained_by = [&](const char* json) {
    return labels(dialect().json_contained_by("doc", "$1"), SqlJson{json});
  };
  EXPECT_EQ(contained_by(R"({"a": 1, "b": 2, "tags": ["red", "blue", "green"]})"),
            (Labels{"r2", "r8"}));
  EXPECT_EQ(contained_by(R"(["a", "b", "c"])"), (Labels{"r7", "r11", "r13"}));
  EXPECT_EQ(contained_by("42"), (Labels{"r5"}));
}

TEST_P(OperatorContractTest, JsonKeyExistence) {
  const auto has_key = [&](const char* key) {
    return labels(dialect().json_has_key("doc", "$1"), std::string(key));
  };
  EXPECT_EQ(has_key("a"), (Labels{"r1", "r2", "r6", "r11", "r12", "r13"}));
  EXPECT_EQ(has_key("two"), (Labels{"r3"}));
  EXPECT_EQ(has_key("k"), (Labels{})) << "top level only";
  EXPECT_EQ(has_key("scalar"), (Labels{"r4"}));
  EXPECT_EQ(has_key("42"), (Labels{})) << "numbers are not keys";

  const auto has_any = [&](std::vector<std::string> keys) {
    return labels(dialect().json_has_any("doc", "$1"), dialect().text_list(std::move(keys)));
  };
  EXPECT_EQ(has_any({"tags", "two", "zzz"}), (Labels{"r2", "r3"}));
  EXPECT_EQ(has_any({}), (Labels{}));
  const auto has_all = [&](std::vector<std::string> keys) {
    return labels(dialect().json_has_all("doc", "$1"), dialect().text_list(std::move(keys)));
  };
  EXPECT_EQ(has_all({"a", "b"}), (Labels{"r1", "r11"}));
  EXPECT_EQ(has_all({"a", "n"}), (Labels{"r12"}));
  EXPECT_EQ(has_all({}),
            (Labels{"r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r11", "r12", "r13"}))
      << "every document has all of no keys";
}

TEST_P(OperatorContractTest, JsonEquality) {
  const auto equals = [&](const char* json) {
    return labels(dialect().json_equals("doc", "$1"), SqlJson{json});
  };
  EXPECT_EQ(equals(R"({"b": {"c": [1, 2.0, {"d": "x"}]}, "a": 1.00})"), (Labels{"r1"}))
      << "key order and number spelling do not matter";
  EXPECT_EQ(equals(R"(["two", 1, {"k": "v"}, [3, 4]])"), (Labels{})) << "array order does";
  EXPECT_EQ(equals("4.2e1"), (Labels{"r5"}));
  EXPECT_EQ(equals(R"("scalar")"), (Labels{"r4"}));
  EXPECT_EQ(equals("null"), (Labels{"r9"}));
  EXPECT_EQ(equals(R"({"a": 1})"), (Labels{}));
  EXPECT_EQ(equals(R"(["a", "b"])"), (Labels{"r11"}));
  EXPECT_EQ(equals(R"(["a"])"), (Labels{})) << "an array is not its element";
}

TEST_P(OperatorContractTest, LikeIsCaseSensitiveWithBackslashEscapes) {
  const auto like = [&](const char* pattern) {
    return labels(dialect().like("note", "$1"), std::string(pattern));
  };
  EXPECT_EQ(like("Chair%"), (Labels{"r1"}));
  EXPECT_EQ(like("chair\\_a"), (Labels{"r2"}));
  EXPECT_EQ(like("%50\\%"), (Labels{"r1"}));
  EXPECT_EQ(like("chai_"), (Labels{}));
  EXPECT_EQ(like("_rger%"), (Labels{"r4", "r5"})) << "_ is one character, not one byte";
  EXPECT_EQ(like("back\\\\slash"), (Labels{"r6"}));
  EXPECT_EQ(like("back\\slash"), (Labels{})) << "\\s is a plain s";
  EXPECT_EQ(like("%"),
            (Labels{"r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r11", "r12", "r13"}));
  EXPECT_EQ(like(""), (Labels{"r9"}));
  EXPECT_EQ(like("Stra_e"), (Labels{"r12"}));
  EXPECT_EQ(like("%%_"),
            (Labels{"r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r11", "r12", "r13"}));
  EXPECT_EQ(like("chaix\\"), (Labels{})) << "no row reaches the bad escape";
}

TEST_P(OperatorContractTest, IlikeFoldsCaseBeyondAscii) {
  const auto ilike = [&](const char* pattern) {
    return labels(dialect().ilike_unicode("note", "$1"), std::string(pattern));
  };
  EXPECT_EQ(ilike("chair%"), (Labels{"r1", "r2", "r3"}));
  EXPECT_EQ(ilike("\xC3\xA4rger%"), (Labels{"r4", "r5"}));  // ärger%
  EXPECT_EQ(ilike("%\xC3\x9C"
                  "BER%"),
            (Labels{"r4"}));                                             // %ÜBER%
  EXPECT_EQ(ilike("\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82"), (Labels{"r7"}));  // οδος: final sigma
  EXPECT_EQ(ilike("\xD0\xB4\xD0\xBE\xD0\xBC"), (Labels{"r8"}));          // дом
  EXPECT_EQ(ilike("STRASSE"), (Labels{})) << "lower-casing never turns ß into ss";
  EXPECT_EQ(ilike("STRA\xC3\x9F"
                  "E"),
            (Labels{"r12"}));
  EXPECT_EQ(ilike("%\\%"), (Labels{"r1"}));
  EXPECT_EQ(ilike("\xC3\xA9"
                  "cole \xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1"),
            (Labels{"r13"}));
  EXPECT_EQ(ilike("_cole%"), (Labels{"r13"}));
}

TEST_P(OperatorContractTest, AnEscapeAtTheEndFailsWhereTheMatchReachesIt) {
  for (const char* condition : {"like", "ilike"}) {
    SCOPED_TRACE(condition);
    const std::string sql = std::string(condition) == "like"
                                ? dialect().like("note", "$1")
                                : dialect().ilike_unicode("note", "$1");
    const auto error = failure(sql, std::string("chair\\"));
    EXPECT_EQ(error.sqlstate(), "22025");
  }
}

TEST_P(OperatorContractTest, NullsGiveNoRows) {
  EXPECT_EQ(labels(dialect().json_contains("doc", "$1"), nullptr), (Labels{}));
  EXPECT_EQ(labels(dialect().like("note", "$1"), nullptr), (Labels{}));
  EXPECT_EQ(labels("NOT " + dialect().json_has_key("doc", "$1"), std::string("a")),
            (Labels{"r3", "r4", "r5", "r7", "r8", "r9"}))
      << "a NULL document is neither in nor out";
}

TEST_P(OperatorContractTest, TextListsSelectRows) {
  EXPECT_EQ(labels(dialect().in_text_list("note", "$1"),
                   dialect().text_list({"CHAIR", "chaise", "back\\slash", "nope"})),
            (Labels{"r3", "r6", "r11"}));
  EXPECT_EQ(labels(dialect().in_text_list("note", "$1"), dialect().text_list({})), (Labels{}));
}

INSTANTIATE_TEST_SUITE_P(Drivers, OperatorContractTest,
                         ::testing::Values(Dialect::sqlite, Dialect::postgres), dialect_name);

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
