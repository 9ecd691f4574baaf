#include "store/db/columns.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "app/run_sync.hpp"
#include "store/db/sql_builder.hpp"
#include "store/db/sqlite_database.hpp"

namespace tandem::store {
namespace {

using app::run_sync;

struct Owner {
  std::int64_t id = 0;
  std::string name;
};

struct Base {
  std::optional<std::string> note;
};

struct Thing : Base {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> parent;
  double weight = 0;
  bool active = false;
  std::vector<std::string> tags;
  Owner owner;
};

std::vector<std::string> split_commas(const std::optional<std::string>& text) {
  std::vector<std::string> out;
  if (!text) return out;
  std::size_t start = 0;
  for (;;) {
    auto comma = text->find(',', start);
    out.push_back(text->substr(start, comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

const Columns<Thing> kThingColumns{{"t.id", &Thing::id},
                                   {"t.name", &Thing::name},
                                   {"t.note", &Thing::note},
                                   {"t.parent", &Thing::parent},
                                   {"t.weight", &Thing::weight},
                                   {"t.active", &Thing::active},
                                   {"t.tags", &Thing::tags, split_commas},
                                   {"o.id", &Thing::owner, &Owner::id},
                                   {"o.name", &Thing::owner, &Owner::name}};

TEST(ColumnsTest, SelectListComesFromTheDeclaration) {
  EXPECT_EQ(kThingColumns.size(), 9u);
  EXPECT_EQ(kThingColumns.list(),
            "t.id, t.name, t.note, t.parent, t.weight, t.active, t.tags, o.id, o.name");
  const auto with = Columns<Thing>{{"t.id", &Thing::id}}.with(
      &Thing::owner, Columns<Owner>{{"o.id", &Owner::id}, {"o.name", &Owner::name}});
  EXPECT_EQ(with.list(), "t.id, o.id, o.name");
}

class SqliteKitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("tandem-sql-kit-test-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    cleanup();
    db_ = open_sqlite({path_.string()});
  }
  void TearDown() override {
    db_.reset();
    cleanup();
  }
  void cleanup() {
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  ResultSet run(const std::string& text, SqlParams params = {}) {
    const Statement statement({}, text);
    return run_sync(db_->query(statement, std::move(params)));
  }
  const SqlDialect& dialect() const { return SqlDialect::of(db_->dialect()); }

  std::filesystem::path path_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteKitTest, RowReaderRoundTrip) {
  run("CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
  run("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, parent "
      "INTEGER, weight REAL NOT NULL, active INTEGER NOT NULL, tags TEXT, owner_id INTEGER)");
  run("INSERT INTO owners (id, name) VALUES (5, 'olga')");
  run("INSERT INTO things (id, name, note, parent, weight, active, tags, owner_id) VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8)",
      {std::int64_t{1}, std::string("first"), nullable(std::optional<std::string>{}),
       nullable(std::optional<std::int64_t>{}), 2.5, true, std::string("a,b"), std::int64_t{5}});
  run("INSERT INTO things (id, name, note, parent, weight, active, tags, owner_id) VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8)",
      {std::int64_t{2}, std::string("second"), std::string("n"), std::int64_t{1}, -1.0, false,
       nullptr, std::int64_t{5}});
  auto rs = run("SELECT " + kThingColumns.list() +
                " FROM things t JOIN owners o ON o.id = t.owner_id ORDER BY t.id");
  const auto things = kThingColumns.all(rs);
  ASSERT_EQ(things.size(), 2u);
  EXPECT_EQ(things[0].id, 1);
  EXPECT_EQ(things[0].name, "first");
  EXPECT_EQ(things[0].note, std::nullopt);
  EXPECT_EQ(things[0].parent, std::nullopt);
  EXPECT_DOUBLE_EQ(things[0].weight, 2.5);
  EXPECT_TRUE(things[0].active);
  EXPECT_EQ(things[0].tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(things[0].owner.id, 5);
  EXPECT_EQ(things[0].owner.name, "olga");
  EXPECT_EQ(things[1].note, "n");
  EXPECT_EQ(things[1].parent, 1);
  EXPECT_FALSE(things[1].active);
  EXPECT_TRUE(things[1].tags.empty());
  EXPECT_EQ(kThingColumns.first(run("SELECT " + kThingColumns.list() +
                                    " FROM things t JOIN owners o ON o.id = t.owner_id "
                                    "WHERE t.id = 3")),
            std::nullopt);
}

// The SQLite text of the dialect's fragments runs and means what PostgreSQL's does.
TEST_F(SqliteKitTest, DialectFragmentsRunOnSqlite) {
  run("CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
  run("CREATE TABLE grants (user_id INTEGER NOT NULL, role_id INTEGER NOT NULL)");
  run("INSERT INTO roles (id, name) VALUES (1, 'first'), (2, 'second'), (3, 'third')");
  // Granted in an order unlike the roles' ids: the aggregate must follow the ids anyway.
  run("INSERT INTO grants (user_id, role_id) VALUES (7, 3), (7, 1), (7, 2)");
  const auto agg = dialect().ordered_string_agg(
      "r.name", ',', "FROM grants g JOIN roles r ON r.id = g.role_id WHERE g.user_id = $1", "r.id");
  EXPECT_EQ(run("SELECT " + agg, {std::int64_t{7}}).text(0, 0), "first,second,third");
  EXPECT_TRUE(run("SELECT " + agg, {std::int64_t{8}}).is_null(0, 0));

  SqlBuilder b(dialect());
  const SqlValue no_limit = nullptr;  // named: g++ 12 misreads a moved-from temporary variant
  b << "SELECT name FROM roles WHERE "
    << dialect().in_id_list("id", b.param(dialect().id_list({1, 3}))) << " ORDER BY id "
    << dialect().limit_or_all(b.param(no_limit));
  const Sql sql = b.sql();
  auto rs = run_sync(db_->query(sql, b.take_params()));
  EXPECT_EQ(text_column(rs), (std::vector<std::string>{"first", "third"}));

  EXPECT_EQ(run("SELECT count(*) FROM roles WHERE " + dialect().is_distinct_from("name", "$1"),
                {std::string("first")})
                .integer(0, 0),
            2);
  EXPECT_EQ(
      run("SELECT " + dialect().json_has_key("$1", "$2") + ", " +
              dialect().json_has_key("$1", "$3") + ", " + dialect().json_has_key("'[1]'", "$2"),
          {std::string(R"({"a": 1})"), std::string("a"), std::string("b")})
              .text(0, 0) +
          "/" +
          run("SELECT " + dialect().json_has_key("$1", "$2"),
              {std::string(R"({"a": 1})"), std::string("b")})
              .text(0, 0),
      "1/0");
  EXPECT_EQ(run(dialect().advisory_xact_lock(1)).size(), 1u);
}

}  // namespace
}  // namespace tandem::store
