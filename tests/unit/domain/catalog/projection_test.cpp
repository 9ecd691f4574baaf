#include "domain/catalog/projection.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "domain/catalog/catalog_error.hpp"
#include "domain/inventory/inventory_models.hpp"

namespace tandem::domain::catalog {
namespace {

namespace json = boost::json;

const store::query::ModelRegistry& registry() { return inventory::inventory_registry(); }
const store::query::ModelSchema& model(std::string_view name) { return *registry().find(name); }

const Caller kUser{7, false};
const Caller kAdmin{1, true};

Projection parse(std::string_view model_name, std::string_view requested,
                 const Caller& caller = kUser) {
  return parse_projection(registry(), model(model_name), json::parse(requested).as_array(), caller,
                          CatalogLimits{});
}

std::string failure(std::string_view model_name, std::string_view requested,
                    const Caller& caller = kUser) {
  try {
    parse(model_name, requested, caller);
  } catch (const CatalogError& e) {
    EXPECT_EQ(e.kind, ErrorClass::exception);
    return e.server_message;
  }
  return "did not throw";
}

std::vector<std::string> names(const Projection& p) {
  std::vector<std::string> out;
  for (const auto* c : p.columns) out.emplace_back(c->name);
  return out;
}

TEST(ProjectionTest, EmptyRequestProjectsNothing) {
  auto p = parse("Item", "[]");
  EXPECT_EQ(p.model, &model("Item"));
  EXPECT_TRUE(p.columns.empty());
  EXPECT_TRUE(p.relations.empty());
  EXPECT_TRUE(root_output(p).columns.empty());
  EXPECT_TRUE(root_output(p).joins.empty());
}

TEST(ProjectionTest, ColumnsInRequestOrder) {
  auto p = parse("Item", R"(["type","id","article_number","properties"])");
  EXPECT_EQ(names(p), (std::vector<std::string>{"type", "id", "article_number", "properties"}));
  // The id is output column 0 already: the SELECT does not repeat it.
  const auto columns = root_output(p).columns;
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(columns[0].sql, "type");
  EXPECT_EQ(columns[2].sql, "properties");
}

TEST(ProjectionTest, NestedObjectsAndDottedNamesMerge) {
  auto p = parse("Item_Note",
                 R"(["id", "subject.subject", {"subject": ["id"]}, {"items": ["article_number"]},
                     "items.dealer.dealer_name"])");
  ASSERT_EQ(p.relations.size(), 2u);
  EXPECT_EQ(p.relations[0].relationship->name, "subject");
  EXPECT_EQ(names(p.relations[0].projection), (std::vector<std::string>{"subject", "id"}));
  EXPECT_EQ(p.relations[1].relationship->name, "items");
  const auto& items = p.relations[1].projection;
  EXPECT_EQ(items.model, &model("Item"));
  EXPECT_EQ(names(items), (std::vector<std::string>{"article_number"}));
  ASSERT_EQ(items.relations.size(), 1u);
  EXPECT_EQ(items.relations[0].relationship->name, "dealer");
  EXPECT_EQ(names(items.relations[0].projection), (std::vector<std::string>{"dealer_name"}));
  // The to-one subject is joined to the note's SELECT (its id tells a row from none); the to-many
  // items and their dealers are a query of their own.
  const auto output = root_output(p);
  ASSERT_EQ(output.joins.size(), 1u);
  EXPECT_EQ(output.joins[0].from, 0u);
  EXPECT_EQ(output.joins[0].relationship->name, "subject");
  EXPECT_EQ(output.joins[0].target, &model("Item_Notes_Subject"));
  ASSERT_EQ(output.columns.size(), 2u);
  EXPECT_EQ(output.columns[0].sql, "id");
  EXPECT_EQ(output.columns[0].table, 1u);
  EXPECT_EQ(output.columns[1].sql, "subject");
  EXPECT_EQ(output.columns[1].table, 1u);
}

// A chain of to-one relationships joins each level to the one before it.
TEST(ProjectionTest, ToOneChainsJoinLevelByLevel) {
  auto p = parse("Item_History",
                 R"(["column_name", "item_id", {"item": ["article_number", "id",
                     {"notes": ["id"]}, {"dealer": ["dealer_name"]}]}])");
  const auto output = root_output(p);
  ASSERT_EQ(output.joins.size(), 2u);
  EXPECT_EQ(output.joins[0].relationship->name, "item");
  EXPECT_EQ(output.joins[0].from, 0u);
  EXPECT_EQ(output.joins[1].relationship->name, "dealer");
  EXPECT_EQ(output.joins[1].from, 1u);
  // Each level's id once (a projected id is read from there), the to-many notes not at all.
  std::vector<std::pair<std::string, std::size_t>> columns;
  for (const auto& c : output.columns) columns.emplace_back(c.sql, c.table);
  EXPECT_EQ(columns, (std::vector<std::pair<std::string, std::size_t>>{{"column_name", 0},
                                                                       {"item_id", 0},
                                                                       {"id", 1},
                                                                       {"article_number", 1},
                                                                       {"id", 2},
                                                                       {"dealer_name", 2}}));
}

TEST(ProjectionTest, ARelationshipWithNoColumnsProjectsEmptyObjects) {
  auto p = parse("Item", R"([{"dealer": []}])");
  ASSERT_EQ(p.relations.size(), 1u);
  EXPECT_TRUE(p.relations[0].projection.columns.empty());
}

TEST(ProjectionTest, UsersPhoneReadsAsEmptyText) {
  auto p = parse("User", R"(["phone"])");
  const auto columns = root_output(p).columns;
  ASSERT_EQ(columns.size(), 1u);
  EXPECT_TRUE(columns[0].null_reads_as_empty_text);
}

TEST(ProjectionTest, Errors) {
  EXPECT_EQ(failure("Item", R"(["type","type"])"), "passed duplicate column: type");
  EXPECT_EQ(failure("Item", R"(["dealer.id",{"dealer":["id"]}])"), "passed duplicate column: id");
  EXPECT_EQ(failure("Item", R"(["colour"])"), "No column found with name: colour in model Item");
  EXPECT_EQ(failure("Item", R"(["maker.name"])"), "No relationship maker in model Item");
  EXPECT_EQ(failure("Item", R"([{"maker":["name"]}])"), "No relationship maker in model Item");
  EXPECT_EQ(failure("Item", R"(["dealer"])"),
            "relationship dealer in model Item needs a list of columns");
  EXPECT_EQ(failure("Item", R"([{"dealer":"dealer_name"}])"),
            "relationship dealer in model Item needs a list of columns");
  EXPECT_EQ(failure("Item", R"([5])"),
            "requested_data items are column names or {relationship: [...]}");
}

TEST(ProjectionTest, UnreadableFieldsLookUnknown) {
  EXPECT_EQ(failure("User", R"(["password"])"),
            "No column found with name: password in model User");
  EXPECT_EQ(failure("User", R"(["password"])", kAdmin),
            "No column found with name: password in model User");
  EXPECT_EQ(failure("Role", R"(["key"])"), "No column found with name: key in model Role");
  EXPECT_EQ(names(parse("Role", R"(["key"])", kAdmin)), (std::vector<std::string>{"key"}));
  EXPECT_EQ(failure("Role", R"([{"users":["id"]}])"), "No relationship users in model Role");
  EXPECT_EQ(failure("Role", R"(["users"])"), "No column found with name: users in model Role");
  EXPECT_EQ(failure("User", R"(["roles.users.id"])"), "No relationship users in model Role");
  EXPECT_EQ(parse("User", R"(["roles.users.id"])", kAdmin).relations.size(), 1u);
}

TEST(ProjectionTest, AtMostThreeLevels) {
  EXPECT_EQ(parse("Item", R"(["notes.items.dealer.id"])").relations.size(), 1u);
  EXPECT_EQ(parse("Item", R"(["notes.items.notes.id"])").relations.size(), 1u);
  EXPECT_EQ(failure("Item", R"(["notes.items.notes.subject.id"])"), "exceeds maximum depth");
  EXPECT_EQ(failure("Item", R"([{"notes":[{"items":[{"notes":[{"items":["id"]}]}]}]}])"),
            "exceeds maximum depth");
}

}  // namespace
}  // namespace tandem::domain::catalog
