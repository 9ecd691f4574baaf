#include "store/db/sql_dialect.hpp"

#include <gtest/gtest.h>

#include "store/db/sql_builder.hpp"

namespace tandem::store {
namespace {

const SqlDialect& pg() { return SqlDialect::of(Dialect::postgres); }
const SqlDialect& lite() { return SqlDialect::of(Dialect::sqlite); }

// The text a parameter holds, or a marker that it holds something else.
std::string text_of(const SqlValue& value) {
  const auto* text = std::get_if<std::string>(&value);
  return text != nullptr ? *text : "<not text>";
}
bool is_null(const SqlValue& value) { return std::holds_alternative<std::nullptr_t>(value); }

TEST(SqlDialectTest, OneObjectPerDialect) {
  EXPECT_EQ(&pg(), &SqlDialect::of(Dialect::postgres));
  EXPECT_EQ(pg().kind(), Dialect::postgres);
  EXPECT_EQ(lite().kind(), Dialect::sqlite);
}

TEST(SqlDialectTest, CastsOnlyOnPostgres) {
  EXPECT_EQ(pg().uuid("$1"), "$1::uuid");
  EXPECT_EQ(lite().uuid("$1"), "$1");
  EXPECT_EQ(pg().date("$7"), "$7::date");
  EXPECT_EQ(lite().date("$7"), "$7");
  EXPECT_EQ(pg().date_text("t.deadline"), "to_char(t.deadline, 'YYYY-MM-DD')");
  EXPECT_EQ(lite().date_text("t.deadline"), "t.deadline");
}

TEST(SqlDialectTest, OrderedStringAggregation) {
  EXPECT_EQ(pg().ordered_string_agg("r.name", '\x1f', "FROM roles r WHERE r.x = 1", "r.id"),
            "(SELECT string_agg(r.name, chr(31) ORDER BY r.id) FROM roles r WHERE r.x = 1)");
  EXPECT_EQ(lite().ordered_string_agg("r.name", '\x1f', "FROM roles r WHERE r.x = 1", "r.id"),
            "(SELECT group_concat(agg_value, char(31)) FROM (SELECT r.name AS agg_value FROM "
            "roles r WHERE r.x = 1 ORDER BY r.id))");
}

TEST(SqlDialectTest, LimitsLocksAndComparisons) {
  EXPECT_EQ(pg().limit_or_all("$1"), "LIMIT $1");
  EXPECT_EQ(lite().limit_or_all("$1"), "LIMIT coalesce($1, -1)");
  EXPECT_EQ(pg().advisory_xact_lock(42), "SELECT pg_advisory_xact_lock(42)");
  EXPECT_EQ(lite().advisory_xact_lock(42), "SELECT 1");
  EXPECT_EQ(pg().ilike("name", "$2"), "name ILIKE $2");
  EXPECT_EQ(lite().ilike("name", "$2"), "name LIKE $2");
  EXPECT_EQ(pg().is_distinct_from("a", "$1"), "a IS DISTINCT FROM $1");
  EXPECT_EQ(lite().is_distinct_from("a", "$1"), "a IS NOT $1");
  EXPECT_EQ(pg().returning("id"), "RETURNING id");
  EXPECT_EQ(lite().returning("id"), "RETURNING id");
}

TEST(SqlDialectTest, JsonTests) {
  EXPECT_EQ(pg().json_contains("doc", "$1"), "(doc)::jsonb @> ($1)::jsonb");
  EXPECT_EQ(lite().json_contains("doc", "$1"), "tandem_json_contains(doc, $1)");
  EXPECT_EQ(pg().json_has_key("doc", "$1"), "(doc)::jsonb ? ($1)");
  EXPECT_EQ(lite().json_has_key("doc", "$1"), "tandem_json_has_key(doc, $1)");
  EXPECT_EQ(pg().json_contained_by("doc", "$1"), "(doc)::jsonb <@ ($1)::jsonb");
  EXPECT_EQ(lite().json_contained_by("doc", "$1"), "tandem_json_contains($1, doc)");
  EXPECT_EQ(pg().json_has_any("doc", "$2"), "(doc)::jsonb ?| ($2)::text[]");
  EXPECT_EQ(lite().json_has_any("doc", "$2"), "tandem_json_has_any(doc, $2)");
  EXPECT_EQ(pg().json_has_all("doc", "$2"), "(doc)::jsonb ?& ($2)::text[]");
  EXPECT_EQ(lite().json_has_all("doc", "$2"), "tandem_json_has_all(doc, $2)");
  EXPECT_EQ(pg().json_equals("doc", "$3"), "(doc)::jsonb = ($3)::jsonb");
  EXPECT_EQ(lite().json_equals("doc", "$3"), "tandem_json_equal(doc, $3)");
}

TEST(SqlDialectTest, PatternsWithPostgresSemantics) {
  EXPECT_EQ(pg().like("t.name", "$1"), "t.name LIKE $1");
  EXPECT_EQ(lite().like("t.name", "$1"), "tandem_like(t.name, $1)");
  EXPECT_EQ(pg().ilike_unicode("t.name", "$1"), "(t.name)::text COLLATE \"und-x-icu\" ILIKE $1");
  EXPECT_EQ(lite().ilike_unicode("t.name", "$1"), "tandem_ilike(t.name, $1)");
}

TEST(SqlDialectTest, TextListsAndRowLocks) {
  EXPECT_EQ(pg().in_text_list("t.name", "$2"), "t.name = ANY($2::text[])");
  EXPECT_EQ(lite().in_text_list("t.name", "$2"), "t.name IN (SELECT value FROM json_each($2))");
  for (const auto* d : {&pg(), &lite()}) {
    const auto list = d->text_list({"a", "b\"c"});
    ASSERT_TRUE(std::holds_alternative<SqlTextArray>(list));
    EXPECT_EQ(std::get<SqlTextArray>(list), (SqlTextArray{"a", "b\"c"}));
  }
  EXPECT_EQ(pg().for_update("t0"), "FOR UPDATE OF t0");
  EXPECT_EQ(lite().for_update("t0"), "");
}

TEST(SqlDialectTest, IdLists) {
  EXPECT_EQ(pg().in_id_list("t.id", "$3"), "t.id = ANY($3::int8[])");
  EXPECT_EQ(lite().in_id_list("t.id", "$3"), "t.id IN (SELECT value FROM json_each($3))");
  EXPECT_EQ(text_of(pg().id_list({1, -2, 3})), "{1,-2,3}");
  EXPECT_EQ(text_of(lite().id_list({1, -2, 3})), "[1,-2,3]");
  EXPECT_EQ(text_of(lite().id_list({})), "[]");
}

TEST(SqlBuilderTest, NumbersParametersInTheOrderTheyAreAdded) {
  SqlBuilder b(pg());
  const SqlValue no_limit = nullptr;  // named: g++ 12 misreads a moved-from temporary variant
  b << "SELECT id FROM tasks WHERE uuid = " << b.dialect().uuid(b.param(std::string("u")))
    << " AND status = " << b.param(std::string("done")) << " "
    << b.dialect().limit_or_all(b.param(no_limit));
  EXPECT_EQ(b.text(), "SELECT id FROM tasks WHERE uuid = $1::uuid AND status = $2 LIMIT $3");
  ASSERT_EQ(b.params().size(), 3u);
  EXPECT_EQ(text_of(b.params()[0]), "u");
  EXPECT_EQ(text_of(b.params()[1]), "done");
  EXPECT_TRUE(is_null(b.params()[2]));
  EXPECT_TRUE(b.sql().name.empty());
  EXPECT_EQ(b.sql().text(Dialect::sqlite), b.text());
}

TEST(SqlBuilderTest, SlotsNumberStatementsBuiltOnce) {
  SqlBuilder b(lite());
  b << "UPDATE t SET a = " << b.slot() << " WHERE id = " << b.slot();
  EXPECT_EQ(b.text(), "UPDATE t SET a = $1 WHERE id = $2");
  EXPECT_TRUE(b.params().empty());
  const Statement statement = b.statement("t_update");
  EXPECT_EQ(statement.sql().name, "t_update");
  EXPECT_EQ(statement.sql().text(Dialect::postgres), "UPDATE t SET a = $1 WHERE id = $2");
}

TEST(NullableTest, EmptyIsNullAndNestedOptionalsFlatten) {
  EXPECT_TRUE(is_null(nullable(std::optional<std::string>{})));
  EXPECT_EQ(text_of(nullable(std::optional<std::string>{"x"})), "x");
  const SqlValue seven = nullable(std::optional<std::int64_t>{7});
  ASSERT_TRUE(std::holds_alternative<std::int64_t>(seven));
  EXPECT_EQ(std::get<std::int64_t>(seven), 7);
  EXPECT_TRUE(is_null(nullable(std::optional<std::optional<std::string>>{std::nullopt})));
  EXPECT_TRUE(is_null(nullable(std::optional<std::optional<std::string>>{})));
  EXPECT_EQ(text_of(nullable(std::optional<std::optional<std::string>>{"y"})), "y");
}

TEST(PatchTest, SetIfGivenNumbersEachFieldsTwoParameters) {
  EXPECT_EQ(set_if_given("name", 2), "name = CASE WHEN $2 THEN $3 ELSE name END");
  EXPECT_EQ(set_if_given("deadline", 6, pg().date("$7")),
            "deadline = CASE WHEN $6 THEN $7::date ELSE deadline END");
  EXPECT_EQ(set_if_given({"a", "b"}, 4),
            "a = CASE WHEN $4 THEN $5 ELSE a END, b = CASE WHEN $6 THEN $7 ELSE b END");
}

TEST(PatchTest, BindPatchAppendsGivenAndValuePairs) {
  SqlParams params{std::int64_t{9}};
  const std::optional<std::string> absent;
  const std::optional<std::string> name = "n";
  const std::optional<std::optional<std::string>> cleared = std::optional<std::string>{};
  bind_patch(params, absent, name, cleared);
  ASSERT_EQ(params.size(), 7u);
  EXPECT_EQ(params[1], SqlValue(false));
  EXPECT_TRUE(is_null(params[2]));
  EXPECT_EQ(params[3], SqlValue(true));
  EXPECT_EQ(text_of(params[4]), "n");
  EXPECT_EQ(params[5], SqlValue(true));
  EXPECT_TRUE(is_null(params[6]));
}

struct DialectTable {
  explicit DialectTable(const SqlDialect& d) : dialect(&d) {}
  const SqlDialect* dialect;
};

TEST(PerDialectTest, BuildsOneTablePerDialectOnce) {
  const auto& a = per_dialect<DialectTable>(Dialect::postgres);
  const auto& b = per_dialect<DialectTable>(Dialect::sqlite);
  EXPECT_EQ(&a, &per_dialect<DialectTable>(Dialect::postgres));
  EXPECT_EQ(a.dialect, &pg());
  EXPECT_EQ(b.dialect, &lite());
}

}  // namespace
}  // namespace tandem::store
