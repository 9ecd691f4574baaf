// The schemes engine's generated reads run on both databases (PostgreSQL when
// TANDEM_TEST_POSTGRES_URL is set) and give the same rows: every operator, joins, grouping,
// paging, locking, and projections (to-one levels joined, one query per to-many level).

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "../../store/db/test_databases.hpp"
#include "domain/catalog/filter_parser.hpp"
#include "domain/catalog/projection.hpp"
#include "domain/catalog/row_finder.hpp"
#include "domain/inventory/inventory_models.hpp"
#include "store/migrations.hpp"
#include "store/query/select_compiler.hpp"

namespace tandem::domain::catalog {
namespace {

namespace json = boost::json;
using namespace store::db_test;  // NOLINT: the shared test helpers

const store::query::ModelRegistry& registry() { return inventory::inventory_registry(); }
const store::query::ModelSchema& model(std::string_view name) { return *registry().find(name); }
const Caller kAdmin{1, true};
using Ids = std::vector<std::int64_t>;

std::string dialect_name(const ::testing::TestParamInfo<store::Dialect>& info) {
  return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
}

boost::asio::awaitable<int> migrate(store::Database& db) {
  auto applied = co_await store::apply_migrations(db);
  co_return applied;
}

boost::asio::awaitable<Ids> locked_ids(store::Database& db, const store::query::ModelSchema& m,
                                       store::query::FilterTree filter) {
  auto tx = co_await db.begin();
  auto ids = co_await find_ids(*tx, db.dialect(), registry(), m, filter, 2, true);
  co_await tx->commit();
  co_return ids;
}

class CatalogQueriesTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == store::Dialect::postgres) {
      const std::string url = postgres_test_url();
      if (url.empty()) GTEST_SKIP() << "TANDEM_TEST_POSTGRES_URL is not set";
      schema_ = std::make_unique<PostgresTestSchema>(io_, url, "catalog");
      db_ = store::open_postgres({.conninfo = schema_->conninfo()});
    } else {
      file_ = std::make_unique<SqliteTestFile>("tandem-catalog");
      db_ = store::open_sqlite({.path = file_->path()});
    }
    run_on(io_, migrate(*db_));
    seed();
  }
  void TearDown() override {
    db_.reset();
    schema_.reset();
    file_.reset();
  }

  void run(const std::string& text) {
    const store::Sql sql{"", text};
    run_on(io_, query(*db_, sql, {}));
  }

  void seed() {
    run("INSERT INTO dealers (id, dealer_name, coordinates) VALUES (1, 'Ann', "
        "'{\"lat\": 1, \"lng\": 2}'), (2, 'Bob', NULL)");
    run("INSERT INTO items (id, article_number, reference_number, category, type, properties, "
        "dimensions, issues, parts, purchased_price, created_at, dealer_id, images) VALUES "
        "(1, 'A-1', 'R-1', 'Seating', 'Chair', '{\"Set Of\": 4, \"designer\": \"X\"}', "
        "'{\"height\": 200}', '[{\"level\": \"high\"}]', '[{\"part\": \"leg\", \"count\": 4}]', "
        "100, 1759781653000000, 1, '[\"a.jpg\"]'), "
        "(2, 'A-2', 'R-2', 'Tables', 'Table', '{\"designer\": \"Y\"}', '{}', '[]', '[]', 200, "
        "1700000000000000, 2, NULL), "
        "(3, 'B-1', NULL, 'Seating', 'Sofa', '{}', '{}', '[]', '[]', NULL, NULL, NULL, NULL), "
        "(4, 'a-1', 'R-4', NULL, 'Lamp', '{}', '{}', '[]', '[]', 50, NULL, NULL, NULL)");
    run("INSERT INTO item_note_subjects (id, subject) VALUES (1, 'Legs'), (2, 'Color')");
    run("INSERT INTO item_notes (id, note_content, subject_id, creation_time) VALUES "
        "(1, 'n1', 1, 0), (2, 'n2', 2, 0), (3, 'n3', 1, 0)");
    run("INSERT INTO items_notes (item_id, note_id) VALUES (1, 1), (1, 3), (2, 2), (3, 1)");
    run("INSERT INTO item_history (id, column_name, item_id) VALUES (1, 'valuation', 1), "
        "(2, 'state', 1), (3, 'x', 2)");
    run("INSERT INTO users (id, uuid, username, email, phone, created_at, updated_at) VALUES "
        "(1, '00000000-0000-4000-8000-000000000001', 'ann', 'ann@x', NULL, 0, 0), "
        "(2, '00000000-0000-4000-8000-000000000002', 'bob', 'bob@x', '555', 0, 0)");
  }

  Ids ids(std::string_view model_name, std::string_view filters,
          std::optional<std::int64_t> limit = {}) {
    const auto& m = model(model_name);
    auto tree =
        parse_filters(registry(), m, json::parse(filters).as_object(), kAdmin, CatalogLimits{});
    return run_on(io_, find_ids(*db_, db_->dialect(), registry(), m, tree, limit, false));
  }

  json::value load(std::string_view model_name, std::string_view requested, const Ids& wanted,
                   CatalogLimits limits = {}) {
    const auto& m = model(model_name);
    auto projection =
        parse_projection(registry(), m, json::parse(requested).as_array(), kAdmin, limits);
    auto objects =
        run_on(io_, load_projection(*db_, db_->dialect(), registry(), projection, wanted, limits));
    json::array out;
    for (auto& o : objects) out.emplace_back(std::move(o));
    return out;
  }

  boost::asio::io_context io_;
  std::unique_ptr<PostgresTestSchema> schema_;
  std::unique_ptr<SqliteTestFile> file_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(CatalogQueriesTest, Comparisons) {
  EXPECT_EQ(ids("Item", R"({"category":"Seating"})"), (Ids{3, 1}));
  EXPECT_EQ(ids("Item", R"({"id":"2"})"), (Ids{2}));
  EXPECT_EQ(ids("Item", R"({"purchased_price":{"operation":"!=","value":100}})"), (Ids{4, 2}))
      << "NULL rows never match !=";
  EXPECT_EQ(ids("Item", R"({"purchased_price":{"operation":">","value":100}})"), (Ids{2}));
  EXPECT_EQ(ids("Item", R"({"purchased_price":{"operation":">=","value":100}})"), (Ids{2, 1}));
  EXPECT_EQ(ids("Item", R"({"purchased_price":{"operation":"<","value":100}})"), (Ids{4}));
  EXPECT_EQ(ids("Item", R"({"purchased_price":{"operation":"<=","value":100}})"), (Ids{4, 1}));
  EXPECT_EQ(
      ids("Item", R"({"purchased_price":{"operation":"range","value":{"start":50,"end":100}}})"),
      (Ids{4, 1}));
  EXPECT_EQ(ids("Item", R"({"article_number":{"operation":">","value":"A-2"}})"), (Ids{4, 3}));
  EXPECT_EQ(ids("Item", R"({"created_at":{"operation":">","value":"2025-01-01T00:00:00Z"}})"),
            (Ids{1}));
  EXPECT_EQ(ids("Item", R"({"created_at":"Mon, 06 Oct 2025 20:14:13 GMT"})"), (Ids{1}));
}

TEST_P(CatalogQueriesTest, PatternsAndLists) {
  EXPECT_EQ(ids("Item", R"({"article_number":{"operation":"like","value":"A-%"}})"), (Ids{2, 1}));
  EXPECT_EQ(ids("Item", R"({"article_number":{"operation":"ilike","value":"a-%"}})"),
            (Ids{4, 2, 1}));
  EXPECT_EQ(ids("Item", R"({"article_number":{"operation":"like","value":"_-1"}})"),
            (Ids{4, 3, 1}));
  EXPECT_EQ(ids("Item", R"({"article_number":{"operation":"contains","value":"-1"}})"),
            (Ids{4, 3, 1}));
  EXPECT_EQ(ids("Item", R"({"category":{"operation":"in","value":["Seating","Tables"]}})"),
            (Ids{3, 2, 1}));
  EXPECT_EQ(ids("Item", R"({"category":{"operation":"in","value":"Tables"}})"), (Ids{2}));
  EXPECT_EQ(ids("Item", R"({"category":{"operation":"in","value":[]}})"), (Ids{}));
  EXPECT_EQ(ids("Item", R"({"category":{"operation":"notin","value":[]}})"), (Ids{3, 2, 1}));
  EXPECT_EQ(ids("Item", R"({"category":{"operation":"notin","value":["Seating"]}})"), (Ids{2}));
  EXPECT_EQ(ids("Item", R"({"id":{"operation":"in","value":[1,4,9]}})"), (Ids{4, 1}));
  EXPECT_EQ(ids("Item", R"({"id":{"operation":"notin","value":[1,4]}})"), (Ids{3, 2}));
  EXPECT_EQ(ids("Item", R"({"purchased_price":{"operation":"or","value":[
                {"operation":"==","value":50},
                {"operation":"and","value":[{"operation":">","value":150},{"operation":"<","value":250}]}]}})"),
            (Ids{4, 2}));
}

TEST_P(CatalogQueriesTest, JsonOperators) {
  EXPECT_EQ(ids("Item", R"({"properties":{"operation":"==","value":{"designer":"X","Set Of":4}}})"),
            (Ids{1}))
      << "JSON equality ignores key order";
  EXPECT_EQ(ids("Item", R"({"properties":{"operation":"!=","value":{}}})"), (Ids{2, 1}));
  EXPECT_EQ(ids("Item", R"({"images":["a.jpg"]})"), (Ids{1}));
  EXPECT_EQ(ids("Item", R"({"properties":{"operation":"contains","value":{"Set Of":4}}})"),
            (Ids{1}));
  EXPECT_EQ(ids("Item", R"({"issues":{"operation":"contains","value":[{"level":"high"}]}})"),
            (Ids{1}));
  EXPECT_EQ(ids("Item", R"({"parts":{"operation":"contains","value":[{"part":"leg"}]}})"),
            (Ids{1}));
  EXPECT_EQ(
      ids("Item", R"({"dimensions":{"operation":"contained_by","value":{"height":200,"w":1}}})"),
      (Ids{4, 3, 2, 1}));
  EXPECT_EQ(ids("Item", R"({"properties":{"operation":"has_key","value":"designer"}})"),
            (Ids{2, 1}));
  EXPECT_EQ(ids("Item", R"({"properties":{"operation":"has_any","value":["nope","designer"]}})"),
            (Ids{2, 1}));
  EXPECT_EQ(ids("Item", R"({"properties":{"operation":"has_all","value":["designer","Set Of"]}})"),
            (Ids{1}));
  EXPECT_EQ(ids("Item", R"({"properties":{"operation":"in","value":[{"designer":"Y"},{}]}})"),
            (Ids{4, 3, 2}));
  EXPECT_EQ(ids("Item", R"({"properties":{"operation":"notin","value":[{"designer":"Y"},{}]}})"),
            (Ids{1}));
  EXPECT_EQ(ids("Item", R"({"images":{"operation":"notin","value":[]}})"), (Ids{1}))
      << "notin [] matches the non-NULL rows";
}

TEST_P(CatalogQueriesTest, JoinsAndGrouping) {
  // Item 1 reaches subject 1 through two notes: once on the page, and the page is full.
  EXPECT_EQ(ids("Item", R"({"notes.subject.id":{"operation":"in","value":[1]}})", 2), (Ids{3, 1}));
  EXPECT_EQ(ids("Item", R"({"notes.subject.subject":"Color"})"), (Ids{2}));
  // Conditions on one path test the same related row.
  EXPECT_EQ(ids("Item", R"({"notes.note_content":"n2","notes.subject.subject":"Legs"})"), (Ids{}));
  EXPECT_EQ(ids("Item", R"({"notes.note_content":"n3","notes.subject.subject":"Legs"})"), (Ids{1}));
  // A row without a dealer never matches a path through dealer, even in an OR branch.
  EXPECT_EQ(ids("Item", R"({"or-dealer.dealer_name":"Ann","or-category":"Tables"})"), (Ids{2, 1}));
  EXPECT_EQ(ids("Item", R"({"or-category":"Seating","or-article_number":"a-1"})"), (Ids{4, 3, 1}));
  // A single or- key is ANDed.
  EXPECT_EQ(ids("Item", R"({"category":"Seating","or-article_number":"B-1"})"), (Ids{3}));
  // Back to the root model: the items that share a note with B-1.
  EXPECT_EQ(ids("Item", R"({"notes.items.article_number":"B-1"})"), (Ids{3, 1}));
  EXPECT_EQ(ids("Item_Note", R"({"items.dealer.dealer_name":"Bob"})"), (Ids{2}));
  EXPECT_EQ(ids("Dealer", R"({"items.item_history.column_name":"state"})"), (Ids{1}));
  EXPECT_EQ(ids("User", R"({"phone":""})"), (Ids{1})) << "a NULL phone reads as \"\"";
}

TEST_P(CatalogQueriesTest, CursorLimitAndLocks) {
  const auto& items = model("Item");
  store::query::FilterTree none;
  store::query::SelectSpec spec;
  spec.model = &items;
  spec.filter = &none;
  spec.cursor = 4;
  spec.limit = 2;
  auto q = store::query::compile_select(store::SqlDialect::of(db_->dialect()), registry(), spec);
  auto rows = run_on(io_, query(*db_, q.sql(), std::move(q.params)));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows.integer(0, 0), 3);
  EXPECT_EQ(rows.integer(1, 0), 2);
  spec.cursor = 99'999'999'999;  // past int4: still a plain comparison
  auto big = store::query::compile_select(store::SqlDialect::of(db_->dialect()), registry(), spec);
  EXPECT_EQ(run_on(io_, query(*db_, big.sql(), std::move(big.params))).size(), 2u);

  auto tree = parse_filters(registry(), items, json::parse(R"({"notes.subject.id":1})").as_object(),
                            kAdmin, {});
  EXPECT_EQ(run_on(io_, locked_ids(*db_, items, std::move(tree))), (Ids{3, 1}));
}

TEST_P(CatalogQueriesTest, ProjectionsLoadEveryLevel) {
  auto got = load("Item",
                  R"(["article_number","created_at","properties","images","purchased_price",
                      {"dealer":["dealer_name","coordinates"]},
                      {"notes":["note_content",{"subject":["subject"]}]},
                      "item_history.column_name"])",
                  {1, 3, 2, 42});
  auto expected = json::parse(R"([
    {"article_number":"A-1","created_at":"Mon, 06 Oct 2025 20:14:13 GMT",
     "properties":{"Set Of":4,"designer":"X"},"images":["a.jpg"],"purchased_price":100,
     "dealer":{"dealer_name":"Ann","coordinates":{"lat":1,"lng":2}},
     "notes":[{"note_content":"n1","subject":{"subject":"Legs"}},
              {"note_content":"n3","subject":{"subject":"Legs"}}],
     "item_history":[{"column_name":"valuation"},{"column_name":"state"}]},
    {"article_number":"B-1","created_at":null,"properties":{},"images":null,
     "purchased_price":null,"dealer":null,
     "notes":[{"note_content":"n1","subject":{"subject":"Legs"}}],"item_history":[]},
    {"article_number":"A-2","created_at":"Tue, 14 Nov 2023 22:13:20 GMT",
     "properties":{"designer":"Y"},"images":null,"purchased_price":200,
     "dealer":{"dealer_name":"Bob","coordinates":null},
     "notes":[{"note_content":"n2","subject":{"subject":"Color"}}],
     "item_history":[{"column_name":"x"}]}
  ])");
  EXPECT_EQ(got, expected) << json::serialize(got);

  // A row reached through several parents is shown under each.
  auto shared = load("Item_Note", R"(["id",{"items":["id",{"notes":["id"]}]}])", {1, 3});
  auto shared_expected = json::parse(R"([
    {"id":1,"items":[{"id":1,"notes":[{"id":1},{"id":3}]},{"id":3,"notes":[{"id":1}]}]},
    {"id":3,"items":[{"id":1,"notes":[{"id":1},{"id":3}]}]}
  ])");
  EXPECT_EQ(shared, shared_expected) << json::serialize(shared);

  // An id asked for twice is answered twice.
  EXPECT_EQ(load("Item", R"(["id",{"dealer":["id"]}])", {1, 2, 1}),
            json::parse(R"([{"id":1,"dealer":{"id":1}},{"id":2,"dealer":{"id":2}},
                            {"id":1,"dealer":{"id":1}}])"));

  // Empty projections and the bound on related rows.
  EXPECT_EQ(load("Item", "[]", {2, 1}), json::parse("[{},{}]"));
  CatalogLimits one_each;
  one_each.max_related_rows = 1;
  EXPECT_EQ(load("Item", R"([{"notes":["id"]}])", {1}, one_each),
            json::parse(R"([{"notes":[{"id":1}]}])"));
  EXPECT_EQ(load("User", R"(["username","phone"])", {1, 2}),
            json::parse(R"([{"username":"ann","phone":""},{"username":"bob","phone":"555"}])"));
}

TEST_P(CatalogQueriesTest, RenderRowsTakesTheFilteredSelect) {
  const auto& items = model("Item");
  auto projection = parse_projection(
      registry(), items, json::parse(R"(["id","type",{"dealer":["id"]}])").as_array(), kAdmin, {});
  auto tree = parse_filters(
      registry(), items,
      json::parse(R"({"notes.subject.id":{"operation":"in","value":[1,2]}})").as_object(), kAdmin,
      {});
  const auto output = root_output(projection);
  store::query::SelectSpec spec;
  spec.model = &items;
  spec.filter = &tree;
  spec.columns = output.columns;
  spec.joins = output.joins;
  spec.limit = 180;
  auto q = store::query::compile_select(store::SqlDialect::of(db_->dialect()), registry(), spec);
  auto rows = run_on(io_, query(*db_, q.sql(), std::move(q.params)));
  auto objects =
      run_on(io_, render_rows(*db_, db_->dialect(), registry(), projection, rows, CatalogLimits{}));
  json::array got;
  for (auto& o : objects) got.emplace_back(std::move(o));
  EXPECT_EQ(json::value(got), json::parse(R"([{"id":3,"type":"Sofa","dealer":null},
      {"id":2,"type":"Table","dealer":{"id":2}},{"id":1,"type":"Chair","dealer":{"id":1}}])"))
      << json::serialize(got);
}

// To-one levels are joined into the query of the level that owns them, at any depth and under a
// to-many level too; a NULL foreign key anywhere on the way shows null, and the to-many levels
// below a joined one are complete and in id order.
TEST_P(CatalogQueriesTest, ToOneLevelsAreJoinedAtAnyDepth) {
  run("INSERT INTO item_history (id, column_name, item_id) VALUES (4, 'y', 3), (5, 'z', NULL)");
  auto got = load("Item_History",
                  R"(["column_name", {"item": ["article_number", "id",
                      {"notes": ["note_content", {"subject": ["subject"]}]},
                      {"dealer": ["dealer_name", {"items": ["article_number"]}]}]}])",
                  {5, 1, 2, 3, 4});
  auto expected = json::parse(R"([
    {"column_name":"z","item":null},
    {"column_name":"valuation","item":{"article_number":"A-1","id":1,
     "notes":[{"note_content":"n1","subject":{"subject":"Legs"}},
              {"note_content":"n3","subject":{"subject":"Legs"}}],
     "dealer":{"dealer_name":"Ann","items":[{"article_number":"A-1"}]}}},
    {"column_name":"state","item":{"article_number":"A-1","id":1,
     "notes":[{"note_content":"n1","subject":{"subject":"Legs"}},
              {"note_content":"n3","subject":{"subject":"Legs"}}],
     "dealer":{"dealer_name":"Ann","items":[{"article_number":"A-1"}]}}},
    {"column_name":"x","item":{"article_number":"A-2","id":2,
     "notes":[{"note_content":"n2","subject":{"subject":"Color"}}],
     "dealer":{"dealer_name":"Bob","items":[{"article_number":"A-2"}]}}},
    {"column_name":"y","item":{"article_number":"B-1","id":3,
     "notes":[{"note_content":"n1","subject":{"subject":"Legs"}}],"dealer":null}}
  ])");
  EXPECT_EQ(got, expected) << json::serialize(got);

  // A to-many level's own to-one rows, and the same to-one row under several parents.
  run("UPDATE items SET dealer_id = 1 WHERE id = 3");
  auto dealers = load("Dealer", R"(["dealer_name", {"items": ["id", {"dealer": ["id",
                      "dealer_name"]}]}])",
                      {1, 2});
  auto dealers_expected = json::parse(R"([
    {"dealer_name":"Ann","items":[{"id":1,"dealer":{"id":1,"dealer_name":"Ann"}},
                                  {"id":3,"dealer":{"id":1,"dealer_name":"Ann"}}]},
    {"dealer_name":"Bob","items":[{"id":2,"dealer":{"id":2,"dealer_name":"Bob"}}]}
  ])");
  EXPECT_EQ(dealers, dealers_expected) << json::serialize(dealers);

  // Key order is the request's: columns, then relationships as asked.
  auto ordered = load("Item", R"([{"notes": ["id"]}, {"dealer": []}, "id"])", {2});
  EXPECT_EQ(json::serialize(ordered), R"([{"id":2,"notes":[{"id":2}],"dealer":{}}])");
}

INSTANTIATE_TEST_SUITE_P(Drivers, CatalogQueriesTest,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         dialect_name);

}  // namespace
}  // namespace tandem::domain::catalog
