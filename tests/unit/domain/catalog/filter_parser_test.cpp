#include "domain/catalog/filter_parser.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "domain/catalog/catalog_error.hpp"
#include "domain/inventory/inventory_models.hpp"

namespace tandem::domain::catalog {
namespace {

namespace json = boost::json;
using store::SqlJson;
using store::SqlTextArray;
using store::SqlValue;
using store::query::FilterOp;
using store::query::FilterTree;

const store::query::ModelRegistry& registry() { return inventory::inventory_registry(); }
const store::query::ModelSchema& model(std::string_view name) { return *registry().find(name); }

const Caller kUser{7, false};
const Caller kAdmin{1, true};

FilterTree parse(std::string_view model_name, std::string_view filters,
                 const Caller& caller = kUser, const CatalogLimits& limits = {}) {
  return parse_filters(registry(), model(model_name), json::parse(filters).as_object(), caller,
                       limits);
}

// The CatalogError a parse throws (or a marker class when it does not throw).
CatalogError failure(std::string_view model_name, std::string_view filters,
                     const Caller& caller = kUser, const CatalogLimits& limits = {}) {
  try {
    parse(model_name, filters, caller, limits);
  } catch (const CatalogError& e) {
    return e;
  }
  return CatalogError(ErrorClass::validation, "did not throw");
}

void expect_exception(std::string_view model_name, std::string_view filters, std::string_view text,
                      const Caller& caller = kUser) {
  const auto e = failure(model_name, filters, caller);
  EXPECT_EQ(e.kind, ErrorClass::exception) << filters << " -> " << e.server_message;
  EXPECT_EQ(e.server_message, text) << filters;
}
void expect_data_error(std::string_view model_name, std::string_view filters,
                       std::string_view sqlstate) {
  const auto e = failure(model_name, filters);
  EXPECT_EQ(e.kind, ErrorClass::data) << filters << " -> " << e.server_message;
  EXPECT_EQ(e.server_message, "SQLSTATE " + std::string(sqlstate)) << filters;
}

std::int64_t int_of(const SqlValue& v) { return std::get<std::int64_t>(v); }
std::string text_of(const SqlValue& v) { return std::get<std::string>(v); }

TEST(FilterParserTest, EmptyFilterIsEmpty) { EXPECT_TRUE(parse("Item", "{}").empty()); }

TEST(FilterParserTest, ScalarShorthandIsEquality) {
  auto tree = parse("Item", R"({"category":"Seating","purchased_price":150})");
  ASSERT_EQ(tree.all.size(), 2u);
  EXPECT_TRUE(tree.any.empty());
  EXPECT_EQ(tree.all[0].target.column->name, "category");
  EXPECT_TRUE(tree.all[0].target.path.empty());
  EXPECT_EQ(tree.all[0].condition.op, FilterOp::eq);
  EXPECT_EQ(text_of(tree.all[0].condition.values.at(0)), "Seating");
  EXPECT_EQ(int_of(tree.all[1].condition.values.at(0)), 150);
}

TEST(FilterParserTest, PathsWalkRelationships) {
  auto tree = parse("Item", R"({"notes.subject.id":{"operation":"in","value":[3,"4"]}})");
  ASSERT_EQ(tree.all.size(), 1u);
  const auto& target = tree.all[0].target;
  ASSERT_EQ(target.path.size(), 2u);
  EXPECT_EQ(target.path[0]->name, "notes");
  EXPECT_EQ(target.path[1]->name, "subject");
  EXPECT_EQ(target.column->name, "id");
  ASSERT_EQ(tree.all[0].condition.values.size(), 2u);
  EXPECT_EQ(int_of(tree.all[0].condition.values[0]), 3);
  EXPECT_EQ(int_of(tree.all[0].condition.values[1]), 4);
}

TEST(FilterParserTest, ASingleOrKeyIsAnded) {
  auto one = parse("Item", R"({"category":"A","or-article_number":"B"})");
  EXPECT_EQ(one.all.size(), 2u);
  EXPECT_TRUE(one.any.empty());
  auto two = parse("Item", R"({"category":"A","or-article_number":"B","or-type":"C"})");
  EXPECT_EQ(two.all.size(), 1u);
  ASSERT_EQ(two.any.size(), 2u);
  EXPECT_EQ(two.any[0].target.column->name, "article_number");
  EXPECT_EQ(two.any[1].target.column->name, "type");
}

TEST(FilterParserTest, UnknownNamesUseTheContractTexts) {
  expect_exception("Item", R"({"colour":"red"})",
                   "No column found with name: colour in model Item");
  expect_exception("Item", R"({"maker.name":"x"})", "No relationship maker in model Item");
  expect_exception("Item", R"({"dealer.nope":"x"})",
                   "No column found with name: nope in model Dealer");
  // A relationship is not a column.
  expect_exception("Item", R"({"dealer":"x"})", "No column found with name: dealer in model Item");
}

TEST(FilterParserTest, HiddenFieldsAreUnknown) {
  expect_exception("User", R"({"password":"x"})",
                   "No column found with name: password in model User");
  expect_exception("User", R"({"password":"x"})",
                   "No column found with name: password in model User", kAdmin);
  expect_exception("Role", R"({"key":"x"})", "No column found with name: key in model Role",
                   kAdmin);
  // Role.users is admin-only: unknown to everyone else.
  expect_exception("Role", R"({"users.email":"x"})", "No relationship users in model Role");
  EXPECT_EQ(parse("Role", R"({"users.email":"x"})", kAdmin).all.size(), 1u);
  expect_exception("User", R"({"roles.users.email":"x"})", "No relationship users in model Role");
}

TEST(FilterParserTest, ConditionShapeErrors) {
  expect_exception("Item", R"({"category":null})", "condition is None");
  expect_exception("Item", R"({"category":{"value":"x"}})", "no operation key was given");
  expect_exception("Item", R"({"category":{"operation":"=="}})", "no value was given");
  expect_exception("Item", R"({"category":{"operation":"==","value":null}})", "no value was given");
  expect_exception("Item", R"({"category":{"operation":"~","value":"x"}})", "invalid operator: ~");
  expect_exception("Item", R"({"category":{"operation":5,"value":"x"}})", "invalid operator: 5");
  // Other keys in the condition object are ignored.
  EXPECT_EQ(
      parse("Item", R"({"category":{"operation":"!=","value":"x","extra":1}})").all[0].condition.op,
      FilterOp::ne);
}

TEST(FilterParserTest, OperationsMustFitTheColumnType) {
  expect_exception("Item", R"({"purchased_price":{"operation":"ilike","value":"%1%"}})",
                   "operator ilike not supported for column purchased_price");
  expect_exception("Item", R"({"category":{"operation":"has_key","value":"a"}})",
                   "operator has_key not supported for column category");
  expect_exception("Item", R"({"properties":{"operation":">","value":1}})",
                   "operator > not supported for column properties");
  expect_exception("Item", R"({"properties":{"operation":"like","value":"a"}})",
                   "operator like not supported for column properties");
  expect_exception("Item", R"({"created_at":{"operation":"contains","value":"a"}})",
                   "operator contains not supported for column created_at");
}

TEST(FilterParserTest, EveryOperationParses) {
  const char* filters = R"({
    "category": {"operation":"like","value":"Se%"},
    "type": {"operation":"ilike","value":"%chair%"},
    "state": {"operation":"contains","value":"Stock"},
    "properties": {"operation":"contains","value":{"Set Of":4}},
    "dimensions": {"operation":"contained_by","value":{"height":1,"width":2}},
    "issues": {"operation":"has_key","value":"level"},
    "parts": {"operation":"has_any","value":["a","b"]},
    "missing_parts": {"operation":"has_all","value":["c"]},
    "valuation": {"operation":"range","value":{"start":1,"end":"9"}},
    "sold_price": {"operation":"notin","value":5},
    "location": {"operation":"in","value":[]},
    "metafields": {"operation":"==","value":[1,2]},
    "images": {"operation":"!=","value":["x"]},
    "purchased_price": {"operation":"or","value":[{"operation":"<","value":1},
                        {"operation":"and","value":[{"operation":">=","value":5},{"operation":"<=","value":9}]}]}
  })";
  auto tree = parse("Item", filters);
  ASSERT_EQ(tree.all.size(), 14u);
  EXPECT_EQ(tree.all[0].condition.op, FilterOp::like);
  EXPECT_EQ(tree.all[1].condition.op, FilterOp::ilike);
  EXPECT_EQ(tree.all[2].condition.op, FilterOp::contains);
  EXPECT_EQ(text_of(tree.all[2].condition.values[0]), "Stock");
  EXPECT_EQ(tree.all[3].condition.op, FilterOp::contains);
  EXPECT_EQ(std::get<SqlJson>(tree.all[3].condition.values[0]).text, R"({"Set Of":4})");
  EXPECT_EQ(tree.all[4].condition.op, FilterOp::contained_by);
  EXPECT_EQ(tree.all[5].condition.op, FilterOp::has_key);
  EXPECT_EQ(text_of(tree.all[5].condition.values[0]), "level");
  EXPECT_EQ(std::get<SqlTextArray>(tree.all[6].condition.values[0]), (SqlTextArray{"a", "b"}));
  EXPECT_EQ(tree.all[7].condition.op, FilterOp::has_all);
  ASSERT_EQ(tree.all[8].condition.values.size(), 2u);
  EXPECT_EQ(int_of(tree.all[8].condition.values[1]), 9);
  EXPECT_EQ(tree.all[9].condition.op, FilterOp::notin);
  EXPECT_EQ(tree.all[9].condition.values.size(), 1u);  // a scalar is a 1-element list
  EXPECT_TRUE(tree.all[10].condition.values.empty());
  EXPECT_EQ(std::get<SqlJson>(tree.all[11].condition.values[0]).text, "[1,2]");
  EXPECT_EQ(tree.all[12].condition.op, FilterOp::ne);
  const auto& either = tree.all[13].condition;
  EXPECT_EQ(either.op, FilterOp::any_of);
  ASSERT_EQ(either.children.size(), 2u);
  EXPECT_EQ(either.children[1].op, FilterOp::all_of);
  EXPECT_EQ(either.children[1].children.size(), 2u);
}

TEST(FilterParserTest, GroupAndRangeShapes) {
  expect_exception("Item", R"({"valuation":{"operation":"range","value":{"start":1}}})",
                   "no value was given: range needs start and end");
  expect_exception("Item", R"({"valuation":{"operation":"or","value":[]}})",
                   "no value was given: or needs a non-empty list of conditions");
  expect_exception("Item", R"({"valuation":{"operation":"and","value":[{"value":1}]}})",
                   "no operation key was given");
  expect_exception("Item", R"({"valuation":{"operation":"and","value":[{"operation":"<"}]}})",
                   "no value was given");
  expect_exception("Item", R"({"valuation":{"operation":"and","value":[null]}})",
                   "condition is None");
}

TEST(FilterParserTest, ValuesThatCannotConvertAreDataErrors) {
  expect_data_error("Item", R"({"id":"abc"})", "22P02");
  expect_data_error("Item", R"({"id":5.5})", "22P02");
  expect_data_error("Item", R"({"id":true})", "22P02");
  expect_data_error("Item", R"({"id":2147483648})", "22003");
  expect_data_error("Item", R"({"id":"-2147483649"})", "22003");
  expect_data_error("Item", R"({"id":"99999999999999999999999"})", "22003");
  expect_data_error("Item", R"({"category":5})", "22P02");
  expect_data_error("Item", R"({"category":["a"]})", "22P02");
  expect_data_error("Item", R"({"created_at":"yesterday"})", "22007");
  expect_data_error("Item", R"({"created_at":5})", "22007");
  expect_data_error("Item", R"({"category":{"operation":"like","value":5}})", "22P02");
  expect_data_error("Item", R"({"parts":{"operation":"has_any","value":[1]}})", "22P02");
  expect_data_error("Item", R"({"category":"a\u0000b"})", "22021");
  expect_data_error("Item", R"({"properties":{"operation":"contains","value":{"a":"\u0000"}}})",
                    "22P05");
  EXPECT_EQ(int_of(parse("Item", R"({"id":"-0042"})").all[0].condition.values[0]), -42);
  EXPECT_EQ(int_of(parse("Item", R"({"id":-2147483648})").all[0].condition.values[0]),
            -2147483648LL);
}

// Found by fuzz/schemes_request_fuzzer: jsonb refuses U+0000, not the six characters "\u0000"
// after an escaped backslash, which a JSON value may hold like any other text (and which a create
// writes); only a real NUL, in a string or in a key, is the 22P05 data error.
TEST(FilterParserTest, JsonValuesRefuseOnlyARealNul) {
  auto tree = parse("Item", R"({"properties":{"operation":"contains","value":{"p":"C:\\u0000"}}})");
  ASSERT_EQ(tree.all.size(), 1u);
  EXPECT_EQ(std::get<SqlJson>(tree.all[0].condition.values[0]).text, R"({"p":"C:\\u0000"})");
  EXPECT_EQ(parse("Item", R"({"issues":["\\u0000"]})").all.size(), 1u);
  expect_data_error("Item", R"({"properties":{"operation":"contains","value":{"\u0000":1}}})",
                    "22P05");
  expect_data_error("Item", R"({"issues":{"operation":"in","value":[["\\\u0000"]]}})", "22P05");
}

// Found by fuzz/schemes_request_fuzzer: 1e999 reads as infinity (0e999 as NaN in Boost 1.81),
// which Boost.JSON writes as the non-JSON `Infinity`: PostgreSQL refuses it (22P02), SQLite would
// compare against a document nobody wrote. Refused on both, before any query.
TEST(FilterParserTest, JsonNumbersJsonCannotSpellAreDataErrors) {
  expect_data_error("Item", R"({"properties":{"operation":"contains","value":{"k":1e999}}})",
                    "22P02");
  expect_data_error("Item", R"({"issues":[-1e999]})", "22P02");
  expect_data_error("Item", R"({"parts":{"operation":"in","value":[[0e999]]}})", "22P02");
  EXPECT_EQ(parse("Item", R"({"issues":[1e308]})").all.size(), 1u);
}

TEST(FilterParserTest, TimestampsReadIsoAndHttpDates) {
  auto iso = parse("Item", R"({"created_at":"2025-10-06T22:14:13.5+02:00"})");
  EXPECT_EQ(int_of(iso.all[0].condition.values[0]), 1759781653500000);
  auto http =
      parse("Item", R"({"created_at":{"operation":">","value":"Mon, 06 Oct 2025 20:14:13 GMT"}})");
  EXPECT_EQ(int_of(http.all[0].condition.values[0]), 1759781653000000);
}

TEST(FilterParserTest, Limits) {
  CatalogLimits limits;
  // Keys.
  std::string many = "{";
  for (int i = 0; i < 33; ++i)
    many +=
        (i ? ",\"" : "\"") + std::string(i % 2 ? "or-" : "") + "id" + std::string(i, ' ') + "\":1";
  many += "}";
  EXPECT_EQ(failure("Item", many).server_message, "exceeds maximum size");
  // Hops: three are fine, four are too deep.
  EXPECT_EQ(parse("Item", R"({"notes.items.dealer.id":1})").all[0].target.path.size(), 3u);
  expect_exception("Item", R"({"notes.items.notes.subject.id":1})", "exceeds maximum depth");
  // in lists.
  std::string list = "[";
  for (int i = 0; i <= 1000; ++i) list += (i ? "," : "") + std::to_string(i);
  list += "]";
  expect_exception("Item", R"({"id":{"operation":"in","value":)" + list + "}}",
                   "exceeds maximum size");
  expect_exception(
      "Item",
      R"({"parts":{"operation":"has_all","value":)" + std::string(R"([)") +
          [] {
            std::string s;
            for (int i = 0; i <= 1000; ++i) s += (i ? ",\"k\"" : "\"k\"");
            return s;
          }() +
          "]}}",
      "exceeds maximum size");
  // LIKE patterns: 200 characters (not bytes).
  std::string ok(200, 'x');
  std::string umlauts;
  for (int i = 0; i < 200; ++i) umlauts += "\xc3\xbc";
  EXPECT_EQ(parse("Item", R"({"category":{"operation":"like","value":")" + ok + "\"}}").all.size(),
            1u);
  EXPECT_EQ(
      parse("Item", R"({"category":{"operation":"ilike","value":")" + umlauts + "\"}}").all.size(),
      1u);
  expect_exception("Item", R"({"category":{"operation":"like","value":")" + ok + "x\"}}",
                   "exceeds maximum size");
  expect_exception("Item", R"({"category":{"operation":"contains","value":")" + ok + "x\"}}",
                   "exceeds maximum size");
  // or/and nesting: three levels are fine, four are too deep.
  const std::string leaf = R"({"operation":"==","value":1})";
  auto wrap = [](const std::string& inner) {
    return R"({"operation":"or","value":[)" + inner + "]}";
  };
  EXPECT_EQ(parse("Item", R"({"valuation":)" + wrap(wrap(wrap(leaf))) + "}").all.size(), 1u);
  expect_exception("Item", R"({"valuation":)" + wrap(wrap(wrap(wrap(leaf)))) + "}",
                   "exceeds maximum depth");
}

}  // namespace
}  // namespace tandem::domain::catalog
