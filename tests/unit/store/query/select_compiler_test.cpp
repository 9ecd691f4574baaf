#include "store/query/select_compiler.hpp"

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>

#include "registry_builders.hpp"

namespace tandem::store::query {
namespace {

using namespace test;  // NOLINT: the registry builders

// A small registry of its own, shaped like the inventory's: items with a dealer (to-one), notes
// (many-to-many) with a subject (to-one), and history rows (to-many) that point back at their
// item (to-one).
constexpr ColumnSchema phone() {
  ColumnSchema c = col("phone", ColumnType::text);
  c.null_reads_as_empty_text = true;
  return c;
}

constexpr std::array kItemColumns{
    col("id", ColumnType::integer),        col("article_number", ColumnType::text),
    col("category", ColumnType::text),     col("price", ColumnType::integer),
    col("properties", ColumnType::json),   col("created_at", ColumnType::timestamp),
    col("dealer_id", ColumnType::integer),
};
constexpr std::array kItemRelationships{
    rel("dealer", RelationKind::many_to_one, "Dealer", "dealer_id"),
    m2m("notes", "Item_Note", "items_notes", "item_id", "note_id"),
    rel("item_history", RelationKind::one_to_many, "Item_History", "item_id"),
};
constexpr std::array kNoteColumns{col("id", ColumnType::integer),
                                  col("note_content", ColumnType::text),
                                  col("subject_id", ColumnType::integer)};
constexpr std::array kNoteRelationships{
    rel("subject", RelationKind::many_to_one, "Item_Notes_Subject", "subject_id"),
    m2m("items", "Item", "items_notes", "note_id", "item_id"),
};
constexpr std::array kSubjectColumns{col("id", ColumnType::integer),
                                     col("subject", ColumnType::text)};
constexpr std::array kDealerColumns{col("id", ColumnType::integer),
                                    col("dealer_name", ColumnType::text)};
constexpr std::array kHistoryColumns{col("id", ColumnType::integer),
                                     col("column_name", ColumnType::text),
                                     col("item_id", ColumnType::integer)};
constexpr std::array kHistoryRelationships{
    rel("item", RelationKind::many_to_one, "Item", "item_id"),
};
constexpr std::array kUserColumns{col("id", ColumnType::integer), phone()};

constexpr std::array kModels{
    model("Item", "items", kItemColumns, kItemRelationships),
    model("Item_Note", "item_notes", kNoteColumns, kNoteRelationships),
    model("Item_Notes_Subject", "item_note_subjects", kSubjectColumns),
    model("Dealer", "dealers", kDealerColumns),
    model("Item_History", "item_history", kHistoryColumns, kHistoryRelationships),
    model("User", "users", kUserColumns),
};
const ModelRegistry kRegistry{kModels};

const ModelSchema& item() { return *kRegistry.find("Item"); }

// The term "path.column <condition>" resolved from `root`.
FilterTerm term(const ModelSchema& root, std::string_view dotted, Condition condition) {
  FilterTerm t;
  const ModelSchema* at = &root;
  for (;;) {
    const auto dot = dotted.find('.');
    if (dot == std::string_view::npos) break;
    const auto* r = at->relationship(dotted.substr(0, dot));
    t.target.path.push_back(r);
    at = &kRegistry.target_of(*r);
    dotted.remove_prefix(dot + 1);
  }
  t.target.column = at->column(dotted);
  t.condition = std::move(condition);
  return t;
}
Condition cond(FilterOp op, std::vector<SqlValue> values = {}) {
  Condition c;
  c.op = op;
  c.values = std::move(values);
  return c;
}
Condition text_eq(std::string v) { return cond(FilterOp::eq, {SqlValue(std::move(v))}); }
Condition int_eq(std::int64_t v) { return cond(FilterOp::eq, {SqlValue(v)}); }

CompiledQuery select(const SqlDialect& d, const FilterTree& filter,
                     std::vector<OutputColumn> columns = {},
                     std::optional<std::int64_t> cursor = {},
                     std::optional<std::int64_t> limit = {}, bool for_update = false,
                     const ModelSchema& root = item()) {
  SelectSpec spec;
  spec.model = &root;
  spec.filter = &filter;
  spec.columns = columns;
  spec.cursor = cursor;
  spec.limit = limit;
  spec.for_update = for_update;
  return compile_select(d, kRegistry, spec);
}

std::string text_of(const SqlValue& v) {
  const auto* s = std::get_if<std::string>(&v);
  return s != nullptr ? *s : "<not text>";
}
std::int64_t int_of(const SqlValue& v) {
  const auto* n = std::get_if<std::int64_t>(&v);
  return n != nullptr ? *n : -999;
}

TEST(SelectCompilerTest, NoFilterIsAPlainPage) {
  FilterTree none;
  auto q = select(pg(), none, {{"article_number"}, {"category"}}, {}, 1000);
  EXPECT_EQ(q.text,
            "SELECT t0.id, t0.article_number, t0.category FROM items t0 ORDER BY t0.id DESC "
            "LIMIT 1000");
  EXPECT_TRUE(q.params.empty());
  EXPECT_EQ(q.sql().name, kSchemesStatement);
  EXPECT_EQ(q.sql().text(Dialect::postgres), q.text);
}

TEST(SelectCompilerTest, ColumnsWithoutJoinsFilterInAPlainWhere) {
  FilterTree f;
  f.all.push_back(term(item(), "category", text_eq("Seating")));
  f.all.push_back(term(item(), "price", cond(FilterOp::ge, {SqlValue(std::int64_t{100})})));
  for (const auto* d : {&pg(), &lite()}) {
    auto q = select(*d, f, {{"category"}}, 500, 180);
    const std::string cursor = d->is_postgres() ? "$3::int8" : "$3";
    EXPECT_EQ(q.text,
              "SELECT t0.id, t0.category FROM items t0 WHERE t0.category = $1 AND "
              "t0.price >= $2 AND t0.id < " +
                  cursor + " ORDER BY t0.id DESC LIMIT 180");
    ASSERT_EQ(q.params.size(), 3u);
    EXPECT_EQ(text_of(q.params[0]), "Seating");
    EXPECT_EQ(int_of(q.params[1]), 100);
    EXPECT_EQ(int_of(q.params[2]), 500);
  }
}

// The client's item list: a two-hop in-filter through a many-to-many (§4 pattern 3). The
// subject's id is the note's foreign key, so the subjects are not joined, and the subquery
// starts from the association, whose item_id is the root id.
TEST(SelectCompilerTest, JoinsRemoveDuplicatesBeforeTheLimit) {
  FilterTree f;
  f.all.push_back(term(item(), "notes.subject.id",
                       cond(FilterOp::in, {SqlValue(std::int64_t{3}), SqlValue(std::int64_t{7})})));
  const std::vector<OutputColumn> columns{{"type"}, {"article_number"}, {"properties"}};
  auto q = select(pg(), f, columns, 900, 180);
  EXPECT_EQ(q.text,
            "SELECT t0.id, t0.type, t0.article_number, t0.properties FROM items t0 WHERE t0.id IN "
            "(SELECT a1.item_id FROM items_notes a1 JOIN item_notes t1 ON t1.id = a1.note_id "
            "WHERE t1.subject_id = ANY($1::int8[])) AND t0.id < $2::int8 ORDER BY t0.id DESC "
            "LIMIT 180");
  ASSERT_EQ(q.params.size(), 2u);
  EXPECT_EQ(text_of(q.params[0]), "{3,7}");

  auto l = select(lite(), f, columns, {}, 180);
  EXPECT_EQ(l.text,
            "SELECT t0.id, t0.type, t0.article_number, t0.properties FROM items t0 WHERE t0.id IN "
            "(SELECT a1.item_id FROM items_notes a1 JOIN item_notes t1 ON t1.id = a1.note_id "
            "WHERE t1.subject_id IN (SELECT value FROM json_each($1))) ORDER BY t0.id DESC LIMIT "
            "180");
  EXPECT_EQ(text_of(l.params[0]), "[3,7]");
}

TEST(SelectCompilerTest, OnePathOneJoinSharedByEveryConditionOnIt) {
  FilterTree f;
  f.all.push_back(term(item(), "notes.note_content", text_eq("scratch")));
  f.all.push_back(term(item(), "notes.subject.subject", text_eq("Legs")));
  f.all.push_back(term(item(), "notes.id", int_eq(4)));
  f.all.push_back(term(item(), "dealer.dealer_name", text_eq("Ann")));
  // The dealer is one row per item: its join and condition run in the main query.
  auto q = select(pg(), f);
  EXPECT_EQ(q.text,
            "SELECT t0.id FROM items t0 JOIN dealers t3 ON t3.id = t0.dealer_id WHERE "
            "t3.dealer_name = $1 AND t0.id IN (SELECT a1.item_id FROM items_notes a1 JOIN "
            "item_notes t1 ON t1.id = a1.note_id JOIN item_note_subjects t2 ON t2.id = "
            "t1.subject_id WHERE t1.note_content = $2 AND t2.subject = $3 AND t1.id = $4) ORDER "
            "BY t0.id DESC");
  ASSERT_EQ(q.params.size(), 4u);
  EXPECT_EQ(text_of(q.params[0]), "Ann");
  EXPECT_EQ(text_of(q.params[1]), "scratch");
  EXPECT_EQ(int_of(q.params[3]), 4);
  EXPECT_EQ(select(lite(), f).text, q.text);
}

// Aliases are per path, so a path that comes back to the root model joins the table again. The
// notes in between are only a key: the second association joins on the first one's note_id.
TEST(SelectCompilerTest, APathBackToTheRootModelGetsItsOwnAlias) {
  FilterTree f;
  f.all.push_back(term(item(), "notes.items.article_number", text_eq("A-1")));
  f.all.push_back(term(item(), "article_number", text_eq("B-2")));
  auto q = select(lite(), f, {{"article_number"}}, {}, 10);
  EXPECT_EQ(q.text,
            "SELECT t0.id, t0.article_number FROM items t0 WHERE t0.article_number = $1 AND "
            "t0.id IN (SELECT a1.item_id FROM items_notes a1 JOIN items_notes a2 ON a2.note_id = "
            "a1.note_id JOIN items t2 ON t2.id = a2.item_id WHERE t2.article_number = $2) ORDER BY "
            "t0.id DESC LIMIT 10");
  EXPECT_EQ(text_of(q.params[0]), "B-2");
}

TEST(SelectCompilerTest, OneToManyJoinsOnTheChildsForeignKey) {
  FilterTree f;
  f.all.push_back(term(item(), "item_history.column_name", text_eq("valuation")));
  auto q = select(pg(), f);
  EXPECT_EQ(q.text,
            "SELECT t0.id FROM items t0 WHERE t0.id IN (SELECT t1.item_id FROM item_history t1 "
            "WHERE t1.column_name = $1) ORDER BY t0.id DESC");
  EXPECT_EQ(select(lite(), f).text, q.text);
}

// §2.3: (A1 AND ... AND An) AND (O1 OR ... OR Om); the joins of OR terms are INNER too (an item
// without a dealer never matches), and a to-one join needs no duplicate removal.
TEST(SelectCompilerTest, AndGroupThenOneOrGroup) {
  FilterTree f;
  f.all.push_back(term(item(), "category", text_eq("Seating")));
  f.all.push_back(term(item(), "price", int_eq(5)));
  f.any.push_back(term(item(), "article_number", text_eq("A")));
  f.any.push_back(term(item(), "dealer.dealer_name", text_eq("X")));
  auto q = select(pg(), f, {}, 77);
  EXPECT_EQ(q.text,
            "SELECT t0.id FROM items t0 JOIN dealers t1 ON t1.id = t0.dealer_id WHERE "
            "t0.category = $1 AND t0.price = $2 AND (t0.article_number = $3 OR t1.dealer_name = "
            "$4) AND t0.id < $5::int8 ORDER BY t0.id DESC");

  FilterTree only_or;
  only_or.any.push_back(term(item(), "article_number", text_eq("A")));
  only_or.any.push_back(term(item(), "category", text_eq("B")));
  auto o = select(lite(), only_or, {}, 77);
  EXPECT_EQ(o.text,
            "SELECT t0.id FROM items t0 WHERE (t0.article_number = $1 OR t0.category = $2) AND "
            "t0.id < $3 ORDER BY t0.id DESC");
}

TEST(SelectCompilerTest, ComparisonsRangesAndNestedGroups) {
  FilterTree f;
  f.all.push_back(term(item(), "price", cond(FilterOp::ne, {SqlValue(std::int64_t{1})})));
  f.all.push_back(term(item(), "price", cond(FilterOp::gt, {SqlValue(std::int64_t{2})})));
  f.all.push_back(term(item(), "price", cond(FilterOp::lt, {SqlValue(std::int64_t{3})})));
  f.all.push_back(term(item(), "price", cond(FilterOp::le, {SqlValue(std::int64_t{4})})));
  f.all.push_back(
      term(item(), "created_at",
           cond(FilterOp::range, {SqlValue(std::int64_t{10}), SqlValue(std::int64_t{20})})));
  Condition either = cond(FilterOp::any_of);
  either.children.push_back(int_eq(7));
  Condition both = cond(FilterOp::all_of);
  both.children.push_back(cond(FilterOp::gt, {SqlValue(std::int64_t{8})}));
  both.children.push_back(cond(FilterOp::lt, {SqlValue(std::int64_t{9})}));
  either.children.push_back(std::move(both));
  f.all.push_back(term(item(), "price", std::move(either)));
  auto q = select(pg(), f);
  EXPECT_EQ(q.text,
            "SELECT t0.id FROM items t0 WHERE t0.price <> $1 AND t0.price > $2 AND t0.price < $3 "
            "AND t0.price <= $4 AND t0.created_at BETWEEN $5 AND $6 AND (t0.price = $7 OR "
            "(t0.price > $8 AND t0.price < $9)) ORDER BY t0.id DESC");
  ASSERT_EQ(q.params.size(), 9u);
  EXPECT_EQ(int_of(q.params[8]), 9);
}

TEST(SelectCompilerTest, EmptyInListsMatchNothingAndEmptyNotInListsEveryNonNull) {
  FilterTree f;
  f.all.push_back(term(item(), "category", cond(FilterOp::in)));
  f.all.push_back(term(item(), "article_number", cond(FilterOp::notin)));
  auto q = select(lite(), f);
  EXPECT_EQ(q.text,
            "SELECT t0.id FROM items t0 WHERE 1 = 0 AND t0.article_number IS NOT NULL ORDER BY "
            "t0.id DESC");
  EXPECT_TRUE(q.params.empty());
}

TEST(SelectCompilerTest, NotInNegatesTheList) {
  FilterTree f;
  f.all.push_back(
      term(item(), "price",
           cond(FilterOp::notin, {SqlValue(std::int64_t{1}), SqlValue(std::int64_t{2})})));
  EXPECT_EQ(select(pg(), f).text,
            "SELECT t0.id FROM items t0 WHERE NOT (t0.price = ANY($1::int8[])) ORDER BY t0.id "
            "DESC");
  EXPECT_EQ(select(lite(), f).text,
            "SELECT t0.id FROM items t0 WHERE NOT (t0.price IN (SELECT value FROM "
            "json_each($1))) ORDER BY t0.id DESC");
}

TEST(SelectCompilerTest, PatternsWithPostgresSemanticsOnBothDatabases) {
  FilterTree f;
  f.all.push_back(term(item(), "article_number", cond(FilterOp::like, {SqlValue("A-%")})));
  f.all.push_back(term(item(), "category", cond(FilterOp::ilike, {SqlValue("%seat%")})));
  f.all.push_back(term(item(), "category", cond(FilterOp::contains, {SqlValue("eat")})));
  f.all.push_back(term(item(), "category", cond(FilterOp::in, {SqlValue("a"), SqlValue("b")})));
  auto q = select(pg(), f);
  EXPECT_EQ(q.text,
            "SELECT t0.id FROM items t0 WHERE t0.article_number LIKE $1 AND "
            "(t0.category)::text COLLATE \"und-x-icu\" ILIKE $2 AND t0.category LIKE '%' || "
            "$3::text || '%' AND t0.category = ANY($4::text[]) ORDER BY t0.id DESC");
  ASSERT_EQ(q.params.size(), 4u);
  EXPECT_EQ(std::get<SqlTextArray>(q.params[3]), (SqlTextArray{"a", "b"}));
  EXPECT_EQ(select(lite(), f).text,
            "SELECT t0.id FROM items t0 WHERE tandem_like(t0.article_number, $1) AND "
            "tandem_ilike(t0.category, $2) AND tandem_like(t0.category, '%' || $3 || '%') AND "
            "t0.category IN (SELECT value FROM json_each($4)) ORDER BY t0.id DESC");
}

TEST(SelectCompilerTest, JsonOperators) {
  const SqlValue doc = SqlJson{R"({"a":1})"};
  const SqlValue list = SqlJson{"[1]"};
  FilterTree f;
  f.all.push_back(term(item(), "properties", cond(FilterOp::eq, {doc})));
  f.all.push_back(term(item(), "properties", cond(FilterOp::ne, {doc})));
  f.all.push_back(term(item(), "properties", cond(FilterOp::contains, {doc})));
  f.all.push_back(term(item(), "properties", cond(FilterOp::contained_by, {doc})));
  f.all.push_back(term(item(), "properties", cond(FilterOp::has_key, {SqlValue("a")})));
  f.all.push_back(
      term(item(), "properties", cond(FilterOp::has_any, {SqlValue(SqlTextArray{"a", "b"})})));
  f.all.push_back(
      term(item(), "properties", cond(FilterOp::has_all, {SqlValue(SqlTextArray{"a"})})));
  f.all.push_back(term(item(), "properties", cond(FilterOp::in, {doc, list})));
  f.all.push_back(term(item(), "properties", cond(FilterOp::notin, {doc, list})));
  f.all.push_back(term(item(), "properties", cond(FilterOp::in, {doc})));
  auto q = select(pg(), f);
  EXPECT_EQ(q.text,
            "SELECT t0.id FROM items t0 WHERE (t0.properties)::jsonb = ($1)::jsonb AND NOT "
            "((t0.properties)::jsonb = ($2)::jsonb) AND (t0.properties)::jsonb @> ($3)::jsonb "
            "AND (t0.properties)::jsonb <@ ($4)::jsonb AND (t0.properties)::jsonb ? ($5) AND "
            "(t0.properties)::jsonb ?| ($6)::text[] AND (t0.properties)::jsonb ?& ($7)::text[] "
            "AND ((t0.properties)::jsonb = ($8)::jsonb OR (t0.properties)::jsonb = ($9)::jsonb) "
            "AND NOT ((t0.properties)::jsonb = ($10)::jsonb OR (t0.properties)::jsonb = "
            "($11)::jsonb) AND (t0.properties)::jsonb = ($12)::jsonb ORDER BY t0.id DESC");
  ASSERT_EQ(q.params.size(), 12u);
  EXPECT_EQ(std::get<SqlJson>(q.params[8]).text, "[1]");
  EXPECT_EQ(select(lite(), f).text,
            "SELECT t0.id FROM items t0 WHERE tandem_json_equal(t0.properties, $1) AND NOT "
            "(tandem_json_equal(t0.properties, $2)) AND tandem_json_contains(t0.properties, $3) "
            "AND tandem_json_contains($4, t0.properties) AND tandem_json_has_key(t0.properties, "
            "$5) AND tandem_json_has_any(t0.properties, $6) AND "
            "tandem_json_has_all(t0.properties, $7) AND (tandem_json_equal(t0.properties, $8) OR "
            "tandem_json_equal(t0.properties, $9)) AND NOT (tandem_json_equal(t0.properties, "
            "$10) OR tandem_json_equal(t0.properties, $11)) AND "
            "tandem_json_equal(t0.properties, $12) ORDER BY t0.id DESC");
}

// The subquery needs no root column: conditions on the root (an AND term, an OR group of root
// columns only) run in the main query, and the subquery selects the association's item_id.
TEST(SelectCompilerTest, RootConditionsRunInTheMainQuery) {
  FilterTree f;
  f.all.push_back(term(item(), "category", text_eq("Seating")));
  f.all.push_back(term(item(), "notes.note_content", text_eq("scratch")));
  f.any.push_back(term(item(), "article_number", text_eq("A")));
  f.any.push_back(term(item(), "category", text_eq("B")));
  for (const auto* d : {&pg(), &lite()}) {
    auto q = select(*d, f);
    EXPECT_EQ(q.text,
              "SELECT t0.id FROM items t0 WHERE t0.category = $1 AND (t0.article_number = $2 OR "
              "t0.category = $3) AND t0.id IN (SELECT a1.item_id FROM items_notes a1 JOIN "
              "item_notes t1 ON t1.id = a1.note_id WHERE t1.note_content = $4) ORDER BY t0.id "
              "DESC");
    ASSERT_EQ(q.params.size(), 4u);
    EXPECT_EQ(text_of(q.params[0]), "Seating");
    EXPECT_EQ(text_of(q.params[1]), "A");
    EXPECT_EQ(text_of(q.params[2]), "B");
    EXPECT_EQ(text_of(q.params[3]), "scratch");
  }
}

// An OR group mixing a root column and a to-many path tests both on one joined row: it stays in
// the subquery with the root, and so does the rest of the filter.
TEST(SelectCompilerTest, AnOrGroupMixingRootAndToManyKeepsTheRootInTheSubquery) {
  FilterTree f;
  f.all.push_back(term(item(), "price", int_eq(5)));
  f.any.push_back(term(item(), "category", text_eq("Seating")));
  f.any.push_back(term(item(), "notes.note_content", text_eq("scratch")));
  for (const auto* d : {&pg(), &lite()}) {
    EXPECT_EQ(select(*d, f).text,
              "SELECT t0.id FROM items t0 WHERE t0.id IN (SELECT t0.id FROM items t0 JOIN "
              "items_notes a1 ON a1.item_id = t0.id JOIN item_notes t1 ON t1.id = a1.note_id "
              "WHERE t0.price = $1 AND (t0.category = $2 OR t1.note_content = $3)) ORDER BY "
              "t0.id DESC");
  }
}

// Several to-many hops from the root: the first is the subquery's start, the others join on the
// root id it holds.
TEST(SelectCompilerTest, OtherToManyHopsJoinOnTheFirstHopsRootId) {
  FilterTree f;
  f.all.push_back(term(item(), "notes.note_content", text_eq("scratch")));
  f.all.push_back(term(item(), "item_history.column_name", text_eq("valuation")));
  EXPECT_EQ(select(lite(), f).text,
            "SELECT t0.id FROM items t0 WHERE t0.id IN (SELECT a1.item_id FROM items_notes a1 "
            "JOIN item_notes t1 ON t1.id = a1.note_id JOIN item_history t2 ON t2.item_id = "
            "a1.item_id WHERE t1.note_content = $1 AND t2.column_name = $2) ORDER BY t0.id DESC");
}

// `dealer.id` is items.dealer_id: no join. The join would have dropped items without a dealer;
// a NULL key fails every integer condition (`<>` and NOT IN too), so only an id tested in the OR
// group alone needs `IS NOT NULL`.
TEST(SelectCompilerTest, AnIdThroughAManyToOneIsTheForeignKey) {
  FilterTree eq;
  eq.all.push_back(term(item(), "dealer.id", int_eq(5)));
  EXPECT_EQ(select(pg(), eq).text,
            "SELECT t0.id FROM items t0 WHERE t0.dealer_id = $1 ORDER BY t0.id DESC");

  FilterTree negations;
  negations.all.push_back(
      term(item(), "dealer.id", cond(FilterOp::ne, {SqlValue(std::int64_t{5})})));
  negations.all.push_back(term(item(), "dealer.id", cond(FilterOp::notin)));
  EXPECT_EQ(select(lite(), negations).text,
            "SELECT t0.id FROM items t0 WHERE t0.dealer_id <> $1 AND t0.dealer_id IS NOT NULL "
            "ORDER BY t0.id DESC");

  FilterTree either;
  either.any.push_back(term(item(), "dealer.id", int_eq(5)));
  either.any.push_back(term(item(), "category", text_eq("Seating")));
  for (const auto* d : {&pg(), &lite()}) {
    EXPECT_EQ(select(*d, either, {}, 9).text,
              "SELECT t0.id FROM items t0 WHERE (t0.dealer_id = $1 OR t0.category = $2) AND "
              "t0.dealer_id IS NOT NULL AND t0.id < " +
                  std::string(d->is_postgres() ? "$3::int8" : "$3") + " ORDER BY t0.id DESC");
  }

  // Two hops: the note's subject_id, tested on the same note row as the note's content.
  FilterTree two_hops;
  two_hops.all.push_back(term(item(), "category", text_eq("Seating")));
  two_hops.any.push_back(
      term(item(), "notes.subject.id", cond(FilterOp::in, {SqlValue(std::int64_t{3})})));
  two_hops.any.push_back(term(item(), "notes.note_content", text_eq("scratch")));
  EXPECT_EQ(select(pg(), two_hops).text,
            "SELECT t0.id FROM items t0 WHERE t0.category = $1 AND t0.id IN (SELECT a1.item_id "
            "FROM items_notes a1 JOIN item_notes t1 ON t1.id = a1.note_id WHERE "
            "(t1.subject_id = ANY($2::int8[]) OR t1.note_content = $3) AND t1.subject_id IS NOT "
            "NULL) ORDER BY t0.id DESC");
}

// `notes.id` is the association's note_id: the notes table is not joined, the association is
// (an item without notes never matches, even through an OR branch).
TEST(SelectCompilerTest, AnIdThroughAManyToManyIsTheAssociationColumn) {
  FilterTree f;
  f.all.push_back(term(item(), "notes.id",
                       cond(FilterOp::in, {SqlValue(std::int64_t{4}), SqlValue(std::int64_t{5})})));
  EXPECT_EQ(select(pg(), f).text,
            "SELECT t0.id FROM items t0 WHERE t0.id IN (SELECT a1.item_id FROM items_notes a1 "
            "WHERE a1.note_id = ANY($1::int8[])) ORDER BY t0.id DESC");
  EXPECT_EQ(select(lite(), f).text,
            "SELECT t0.id FROM items t0 WHERE t0.id IN (SELECT a1.item_id FROM items_notes a1 "
            "WHERE a1.note_id IN (SELECT value FROM json_each($1))) ORDER BY t0.id DESC");

  FilterTree either;
  either.any.push_back(term(item(), "notes.id", int_eq(4)));
  either.any.push_back(term(item(), "category", text_eq("Seating")));
  EXPECT_EQ(select(pg(), either).text,
            "SELECT t0.id FROM items t0 WHERE t0.id IN (SELECT t0.id FROM items t0 JOIN "
            "items_notes a1 ON a1.item_id = t0.id WHERE (a1.note_id = $1 OR t0.category = $2)) "
            "ORDER BY t0.id DESC");
}

// A target read for another column than its id stays joined, and its id is its own.
TEST(SelectCompilerTest, ATargetReadForOtherColumnsStaysJoined) {
  FilterTree f;
  f.all.push_back(term(item(), "notes.subject.id", int_eq(3)));
  f.all.push_back(term(item(), "notes.subject.subject", text_eq("Legs")));
  EXPECT_EQ(select(lite(), f).text,
            "SELECT t0.id FROM items t0 WHERE t0.id IN (SELECT a1.item_id FROM items_notes a1 "
            "JOIN item_notes t1 ON t1.id = a1.note_id JOIN item_note_subjects t2 ON t2.id = "
            "t1.subject_id WHERE t2.id = $1 AND t2.subject = $2) ORDER BY t0.id DESC");
}

// Many-to-one hops all the way: one row per root row, joined in the main query.
TEST(SelectCompilerTest, ManyToOnePathsJoinInTheMainQuery) {
  const ModelSchema& history = *kRegistry.find("Item_History");
  FilterTree f;
  f.all.push_back(term(history, "item.dealer.dealer_name", text_eq("Ann")));
  f.all.push_back(term(history, "item.category", text_eq("Seating")));
  for (const auto* d : {&pg(), &lite()}) {
    auto q = select(*d, f, {{"column_name"}}, 50, 20, false, history);
    EXPECT_EQ(q.text,
              "SELECT t0.id, t0.column_name FROM item_history t0 JOIN items t1 ON t1.id = "
              "t0.item_id JOIN dealers t2 ON t2.id = t1.dealer_id WHERE t2.dealer_name = $1 AND "
              "t1.category = $2 AND t0.id < " +
                  std::string(d->is_postgres() ? "$3::int8" : "$3") +
                  " ORDER BY t0.id DESC LIMIT 20");
    ASSERT_EQ(q.params.size(), 3u);
  }
}

// A to-many hop behind an elided many-to-one joins on the root's foreign key, so the root stays
// in the subquery (the items themselves are not joined).
TEST(SelectCompilerTest, AToManyHopBehindAnElidedToOneKeepsTheRoot) {
  const ModelSchema& history = *kRegistry.find("Item_History");
  FilterTree f;
  f.all.push_back(term(history, "item.notes.note_content", text_eq("scratch")));
  EXPECT_EQ(select(pg(), f, {}, {}, {}, false, history).text,
            "SELECT t0.id FROM item_history t0 WHERE t0.id IN (SELECT t0.id FROM item_history t0 "
            "JOIN items_notes a2 ON a2.item_id = t0.item_id JOIN item_notes t2 ON t2.id = "
            "a2.note_id WHERE t2.note_content = $1) ORDER BY t0.id DESC");
}

TEST(SelectCompilerTest, TargetsAreLockedOnPostgres) {
  FilterTree f;
  f.all.push_back(term(item(), "dealer.dealer_name", text_eq("Ann")));
  EXPECT_EQ(select(pg(), f, {}, {}, 1, true).text,
            "SELECT t0.id FROM items t0 JOIN dealers t1 ON t1.id = t0.dealer_id WHERE "
            "t1.dealer_name = $1 ORDER BY t0.id DESC LIMIT 1 FOR UPDATE OF t0");
  // SQLite's single writer already holds every row of a write transaction.
  EXPECT_EQ(select(lite(), f, {}, {}, 1, true).text,
            "SELECT t0.id FROM items t0 JOIN dealers t1 ON t1.id = t0.dealer_id WHERE "
            "t1.dealer_name = $1 ORDER BY t0.id DESC LIMIT 1");
  // A to-many path keeps the subquery; the lock is on the main query's rows.
  FilterTree notes;
  notes.all.push_back(term(item(), "notes.note_content", text_eq("x")));
  EXPECT_EQ(select(pg(), notes, {}, {}, 1, true).text,
            "SELECT t0.id FROM items t0 WHERE t0.id IN (SELECT a1.item_id FROM items_notes a1 "
            "JOIN item_notes t1 ON t1.id = a1.note_id WHERE t1.note_content = $1) ORDER BY t0.id "
            "DESC LIMIT 1 FOR UPDATE OF t0");
}

TEST(SelectCompilerTest, EmptyTextForNullColumnsReadAndFilterAsEmptyText) {
  const ModelSchema& users = *kRegistry.find("User");
  FilterTree f;
  f.all.push_back(term(users, "phone", text_eq("")));
  auto q = select(pg(), f, {output_column(*users.column("phone"))}, {}, {}, false, users);
  EXPECT_EQ(q.text,
            "SELECT t0.id, COALESCE(t0.phone, '') FROM users t0 WHERE COALESCE(t0.phone, '') = "
            "$1 ORDER BY t0.id DESC");
}

// The client's item detail: its dealer is LEFT JOINed (an item without one keeps its row and
// reads NULL there), its columns qualified by the projection's own p<n> aliases.
TEST(SelectCompilerTest, ToOneRowsAreLeftJoinedIntoTheSameSelect) {
  const auto& dealers = *kRegistry.find("Dealer");
  const std::vector<ToOneJoin> joins{{0, item().relationship("dealer"), &dealers}};
  const std::vector<OutputColumn> columns{
      {"article_number"}, {"id", false, 1}, {"dealer_name", false, 1}};
  FilterTree by_id;
  by_id.all.push_back(term(item(), "id", int_eq(5001)));
  for (const auto* d : {&pg(), &lite()}) {
    SelectSpec spec;
    spec.model = &item();
    spec.filter = &by_id;
    spec.columns = columns;
    spec.joins = joins;
    spec.limit = 1;
    auto q = compile_select(*d, kRegistry, spec);
    EXPECT_EQ(q.text,
              "SELECT t0.id, t0.article_number, p1.id, p1.dealer_name FROM items t0 LEFT JOIN "
              "dealers p1 ON p1.id = t0.dealer_id WHERE t0.id = $1 ORDER BY t0.id DESC LIMIT 1");
    ASSERT_EQ(q.params.size(), 1u);
    EXPECT_EQ(int_of(q.params[0]), 5001);

    // No filter: the joins follow the table.
    spec.filter = nullptr;
    EXPECT_EQ(compile_select(*d, kRegistry, spec).text,
              "SELECT t0.id, t0.article_number, p1.id, p1.dealer_name FROM items t0 LEFT JOIN "
              "dealers p1 ON p1.id = t0.dealer_id ORDER BY t0.id DESC LIMIT 1");
  }
}

// The filter keeps its own joins and aliases (a dealer it tests is t<n>, the dealer shown is
// p<n>), its subquery is untouched, and the lock stays on the root's rows.
TEST(SelectCompilerTest, ToOneJoinsFollowTheFiltersJoins) {
  const auto& dealers = *kRegistry.find("Dealer");
  const std::vector<ToOneJoin> joins{{0, item().relationship("dealer"), &dealers}};
  const std::vector<OutputColumn> columns{{"id", false, 1}, {"dealer_name", false, 1}};
  FilterTree f;
  f.all.push_back(term(item(), "dealer.dealer_name", text_eq("Ann")));
  f.all.push_back(term(item(), "notes.note_content", text_eq("scratch")));
  for (const auto* d : {&pg(), &lite()}) {
    SelectSpec spec;
    spec.model = &item();
    spec.filter = &f;
    spec.columns = columns;
    spec.joins = joins;
    spec.cursor = 40;
    spec.limit = 180;
    spec.for_update = true;
    EXPECT_EQ(compile_select(*d, kRegistry, spec).text,
              "SELECT t0.id, p1.id, p1.dealer_name FROM items t0 JOIN dealers t1 ON t1.id = "
              "t0.dealer_id LEFT JOIN dealers p1 ON p1.id = t0.dealer_id WHERE t1.dealer_name = "
              "$1 AND t0.id IN (SELECT a2.item_id FROM items_notes a2 JOIN item_notes t2 ON t2.id "
              "= a2.note_id WHERE t2.note_content = $2) AND t0.id < " +
                  std::string(d->is_postgres() ? "$3::int8" : "$3") +
                  " ORDER BY t0.id DESC LIMIT 180" +
                  std::string(d->is_postgres() ? " FOR UPDATE OF t0" : ""));
  }
}

// A chain of to-one relationships: each join is on the one before it.
TEST(SelectCompilerTest, ToOneChainsJoinOnTheJoinBefore) {
  const ModelSchema& history = *kRegistry.find("Item_History");
  const std::vector<ToOneJoin> joins{
      {0, history.relationship("item"), &item()},
      {1, item().relationship("dealer"), kRegistry.find("Dealer")},
  };
  const std::vector<OutputColumn> columns{{"column_name"},
                                          {"id", false, 1},
                                          {"category", false, 1},
                                          {"id", false, 2},
                                          {"dealer_name", false, 2}};
  FilterTree none;
  SelectSpec spec;
  spec.model = &history;
  spec.filter = &none;
  spec.columns = columns;
  spec.joins = joins;
  EXPECT_EQ(compile_select(lite(), kRegistry, spec).text,
            "SELECT t0.id, t0.column_name, p1.id, p1.category, p2.id, p2.dealer_name FROM "
            "item_history t0 LEFT JOIN items p1 ON p1.id = t0.item_id LEFT JOIN dealers p2 ON "
            "p2.id = p1.dealer_id ORDER BY t0.id DESC");

  // A join must be many-to-one and come after the one it starts from.
  const std::vector<ToOneJoin> backwards{
      {2, item().relationship("dealer"), kRegistry.find("Dealer")},
      {0, history.relationship("item"), &item()},
  };
  spec.joins = backwards;
  EXPECT_THROW(compile_select(pg(), kRegistry, spec), std::invalid_argument);
  const std::vector<ToOneJoin> to_many{
      {0, item().relationship("item_history"), &history},
  };
  spec.model = &item();
  spec.joins = to_many;
  EXPECT_THROW(compile_select(pg(), kRegistry, spec), std::invalid_argument);
}

// A to-one level is never a query of its own: it is joined to its parent level's query.
TEST(SelectCompilerTest, RelatedRowsAreToManyOnly) {
  const auto& dealer = *item().relationship("dealer");
  const std::vector<std::int64_t> keys{4, 9};
  EXPECT_THROW(compile_related(pg(), {&dealer, kRegistry.find("Dealer"), {}, keys, 1000, {}}),
               std::invalid_argument);
}

TEST(SelectCompilerTest, RelatedRowsOfAOneToManyAreBoundedPerParent) {
  const auto& history = *item().relationship("item_history");
  const std::vector<OutputColumn> columns{{"column_name"}};
  const std::vector<std::int64_t> keys{1, 2};
  auto q =
      compile_related(lite(), {&history, kRegistry.find("Item_History"), columns, keys, 1000, {}});
  EXPECT_EQ(q.text,
            "SELECT k, c0, c1 FROM (SELECT t1.item_id AS k, t1.id AS c0, t1.column_name AS c1, "
            "row_number() OVER (PARTITION BY t1.item_id ORDER BY t1.id) AS n FROM item_history t1 "
            "WHERE t1.item_id IN (SELECT value FROM json_each($1))) r WHERE n <= $2 ORDER BY k, "
            "c0");
  ASSERT_EQ(q.params.size(), 2u);
  EXPECT_EQ(text_of(q.params[0]), "[1,2]");
  EXPECT_EQ(int_of(q.params[1]), 1000);
}

TEST(SelectCompilerTest, RelatedRowsOfAManyToManyComeThroughTheAssociation) {
  const auto& notes = *item().relationship("notes");
  const std::vector<OutputColumn> columns{{"note_content"}, {"subject_id"}};
  const std::vector<std::int64_t> keys{5};
  auto q = compile_related(pg(), {&notes, kRegistry.find("Item_Note"), columns, keys, 10, {}});
  EXPECT_EQ(q.text,
            "SELECT k, c0, c1, c2 FROM (SELECT a1.item_id AS k, t1.id AS c0, t1.note_content AS "
            "c1, t1.subject_id AS c2, row_number() OVER (PARTITION BY a1.item_id ORDER BY t1.id) "
            "AS n FROM items_notes a1 JOIN item_notes t1 ON t1.id = a1.note_id WHERE a1.item_id = "
            "ANY($1::int8[])) r WHERE n <= $2 ORDER BY k, c0");
}

// The to-one rows of a to-many level are joined into its query, inside the bounded subquery,
// their columns numbered on with the others.
TEST(SelectCompilerTest, RelatedRowsJoinTheirToOneRows) {
  const auto& notes = *item().relationship("notes");
  const ModelSchema& note = *kRegistry.find("Item_Note");
  const std::vector<ToOneJoin> joins{
      {0, note.relationship("subject"), kRegistry.find("Item_Notes_Subject")}};
  const std::vector<OutputColumn> columns{
      {"note_content"}, {"id", false, 1}, {"subject", false, 1}};
  const std::vector<std::int64_t> keys{5, 6};
  for (const auto* d : {&pg(), &lite()}) {
    auto q = compile_related(*d, {&notes, &note, columns, keys, 1000, joins});
    EXPECT_EQ(
        q.text,
        "SELECT k, c0, c1, c2, c3 FROM (SELECT a1.item_id AS k, t1.id AS c0, t1.note_content "
        "AS c1, p1.id AS c2, p1.subject AS c3, row_number() OVER (PARTITION BY a1.item_id "
        "ORDER BY t1.id) AS n FROM items_notes a1 JOIN item_notes t1 ON t1.id = a1.note_id "
        "LEFT JOIN item_note_subjects p1 ON p1.id = t1.subject_id WHERE " +
            std::string(d->is_postgres() ? "a1.item_id = ANY($1::int8[])"
                                         : "a1.item_id IN (SELECT value FROM json_each($1))") +
            ") r WHERE n <= $2 ORDER BY k, c0");
  }

  const auto& history = *item().relationship("item_history");
  const ModelSchema& history_model = *kRegistry.find("Item_History");
  const std::vector<ToOneJoin> back{{0, history_model.relationship("item"), &item()}};
  const std::vector<OutputColumn> item_columns{{"id", false, 1}, {"category", false, 1}};
  EXPECT_EQ(compile_related(pg(), {&history, &history_model, item_columns, keys, 7, back}).text,
            "SELECT k, c0, c1, c2 FROM (SELECT t1.item_id AS k, t1.id AS c0, p1.id AS c1, "
            "p1.category AS c2, row_number() OVER (PARTITION BY t1.item_id ORDER BY t1.id) AS n "
            "FROM item_history t1 LEFT JOIN items p1 ON p1.id = t1.item_id WHERE t1.item_id = "
            "ANY($1::int8[])) r WHERE n <= $2 ORDER BY k, c0");
}

}  // namespace
}  // namespace tandem::store::query
