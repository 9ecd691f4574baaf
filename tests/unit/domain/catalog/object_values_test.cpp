#include "domain/catalog/object_values.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "domain/catalog/relationship_actions.hpp"
#include "domain/inventory/inventory_models.hpp"

namespace tandem::domain::catalog {
namespace {

namespace json = boost::json;
using store::SqlJson;
using store::SqlValue;

const store::query::ModelRegistry& registry() { return inventory::inventory_registry(); }
const store::query::ModelSchema& model(std::string_view name) { return *registry().find(name); }

const Caller kUser{7, false};
const Caller kAdmin{1, true};

std::vector<ObjectPlan> plan_create(std::string_view model_name, std::string_view values,
                                    const Caller& caller = kUser,
                                    const CatalogLimits& limits = {}) {
  PlanContext ctx{registry(), caller, limits};
  return plan_creates(ctx, model(model_name), json::parse(values), 0);
}

ObjectPlan plan_update(std::string_view model_name, std::string_view values,
                       const Caller& caller = kUser) {
  const CatalogLimits limits;
  PlanContext ctx{registry(), caller, limits};
  return plan_object(ctx, model(model_name), json::parse(values).as_object(), WriteMode::update, 0);
}

// The CatalogError planning throws (a marker when it does not throw).
template <typename Planning>
CatalogError failure(Planning&& planning) {
  try {
    planning();
  } catch (const CatalogError& e) {
    return e;
  }
  return CatalogError(ErrorClass::validation, "did not throw");
}
CatalogError create_failure(std::string_view model_name, std::string_view values,
                            const Caller& caller = kUser, const CatalogLimits& limits = {}) {
  return failure([&] { plan_create(model_name, values, caller, limits); });
}
CatalogError update_failure(std::string_view model_name, std::string_view values,
                            const Caller& caller = kUser) {
  return failure([&] { plan_update(model_name, values, caller); });
}

bool mentions(const CatalogError& e, std::string_view text) {
  return e.server_message.find(text) != std::string::npos;
}

// ---- column values (§2.10) ----

TEST(ObjectValuesTest, ConvertsEachTypeAndKeepsDocumentOrder) {
  auto plans = plan_create("Item",
                           R"({"category":"Seating","valuation":150,"properties":{"Set Of":4},
                               "images":["a.jpg"],"created_by":"david","sold_price":null})");
  ASSERT_EQ(plans.size(), 1u);
  const auto& columns = plans[0].columns;
  ASSERT_EQ(columns.size(), 6u);
  EXPECT_EQ(columns[0].column->name, "category");
  EXPECT_EQ(std::get<std::string>(columns[0].value), "Seating");
  EXPECT_EQ(std::get<std::int64_t>(columns[1].value), 150);
  EXPECT_EQ(std::get<SqlJson>(columns[2].value).text, R"({"Set Of":4})");
  EXPECT_EQ(std::get<SqlJson>(columns[3].value).text, R"(["a.jpg"])");
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(columns[5].value));
}

TEST(ObjectValuesTest, TimestampsTakeIsoAndRfc1123) {
  auto iso = plan_create("Item_History", R"({"recorded_time":"2025-10-06T22:14:13.5+02:00"})");
  EXPECT_EQ(std::get<std::int64_t>(iso[0].columns[0].value), 1759781653500000);
  auto http = plan_create("Item_History", R"({"recorded_time":"Mon, 06 Oct 2025 20:14:13 GMT"})");
  EXPECT_EQ(std::get<std::int64_t>(http[0].columns[0].value), 1759781653000000);
  auto bad = create_failure("Item_History", R"({"recorded_time":"yesterday"})");
  EXPECT_EQ(bad.kind, ErrorClass::exception);
  EXPECT_TRUE(mentions(bad, "Invalid datetime string"));
  EXPECT_TRUE(mentions(create_failure("Item_History", R"({"recorded_time":5})"),
                       "Invalid datetime string"));
}

TEST(ObjectValuesTest, WrongTypesAreExceptions) {
  for (auto body : {R"({"category":5})", R"({"valuation":"5"})", R"({"valuation":5.0})",
                    R"({"valuation":true})", R"({"category":["a"]})"}) {
    auto e = create_failure("Item", body);
    EXPECT_EQ(e.kind, ErrorClass::exception) << body;
    EXPECT_TRUE(mentions(e, "is invalid for column")) << body << " " << e.server_message;
  }
}

TEST(ObjectValuesTest, IntegersOutsideInt4AreDataErrors) {
  EXPECT_EQ(plan_create("Item", R"({"valuation":2147483647})")[0].columns.size(), 1u);
  EXPECT_EQ(plan_create("Item", R"({"valuation":-2147483648})")[0].columns.size(), 1u);
  for (auto body : {R"({"valuation":2147483648})", R"({"valuation":-2147483649})",
                    R"({"valuation":18446744073709551615})"}) {
    auto e = create_failure("Item", body);
    EXPECT_EQ(e.kind, ErrorClass::data) << body;
    EXPECT_EQ(e.server_message, "SQLSTATE 22003; column: valuation");
  }
}

TEST(ObjectValuesTest, NulCharactersAreRefusedOnBothDatabases) {
  EXPECT_EQ(create_failure("Item", R"({"category":"a\u0000b"})").kind, ErrorClass::data);
  EXPECT_EQ(create_failure("Item", R"({"properties":{"k":"a\u0000"}})").kind, ErrorClass::data);
}

// Found by fuzz/schemes_request_fuzzer: 1e999 reads as infinity (0e999 as NaN in Boost 1.81),
// which would be written into the document as the non-JSON `Infinity`; PostgreSQL's jsonb refuses
// that text (22P02) and SQLite would keep it, unreadable. Refused on both, before any statement.
TEST(ObjectValuesTest, NumbersJsonCannotSpellAreDataErrors) {
  for (auto body : {R"({"properties":{"k":1e999}})", R"({"issues":[-1e999]})",
                    R"({"dimensions":1e999})", R"({"parts":[{"n":0e999}]})"}) {
    auto e = create_failure("Item", body);
    EXPECT_EQ(e.kind, ErrorClass::data) << body;
    EXPECT_TRUE(mentions(e, "SQLSTATE 22P02")) << body << " " << e.server_message;
    EXPECT_EQ(update_failure("Item", body).kind, ErrorClass::data) << body;
  }
  auto plan = plan_create("Item", R"({"properties":{"k":1e308,"t":"\\u0000"}})");
  EXPECT_EQ(std::get<SqlJson>(plan[0].columns[0].value).text, R"({"k":1E308,"t":"\\u0000"})");
}

TEST(ObjectValuesTest, UnknownAndNonWritableNames) {
  EXPECT_TRUE(mentions(create_failure("Item", R"({"colour":"red"})"),
                       "No column found with name: colour in model Item"));
  for (auto body : {R"({"id":5})", R"({"dealer_id":1})", R"({"created_at":"2025-01-01"})"}) {
    auto e = create_failure("Item", body);
    EXPECT_EQ(e.kind, ErrorClass::exception) << body;
    EXPECT_TRUE(mentions(e, "not writable")) << body;
  }
  EXPECT_TRUE(mentions(update_failure("Item", R"({"created_at":"2025-01-01"})"), "not writable"));
  EXPECT_TRUE(mentions(update_failure("Item_History", R"({"item_id":3})"), "not writable"));
  // Writable on create: the client sends them.
  EXPECT_EQ(plan_create("Dealer_Notes", R"({"created_at":"2025-01-01T00:00:00Z"})").size(), 1u);
  EXPECT_EQ(plan_create("Item_Note", R"({"creation_time":"2025-01-01T00:00:00Z"})").size(), 1u);
}

TEST(ObjectValuesTest, RequiredColumnsOnCreateOnly) {
  auto e = create_failure("User", R"({"username":"a","email":"a@x"})", kAdmin);
  EXPECT_EQ(e.kind, ErrorClass::exception);
  EXPECT_TRUE(mentions(e, "Missing required values ['phone', 'password'] in model User"));
  EXPECT_TRUE(mentions(create_failure("Role", R"({"role":"Worker"})", kAdmin),
                       "Missing required values ['key'] in model Role"));
  // Present but null: the integrity class, naming the column.
  auto null = create_failure(
      "User", R"({"username":"a","email":"a@x","phone":null,"password":"p"})", kAdmin);
  EXPECT_EQ(null.kind, ErrorClass::integrity);
  EXPECT_EQ(null.integrity, IntegrityKind::not_null);
  EXPECT_EQ(null.field, "phone");
  EXPECT_EQ(null.server_message, "SQLSTATE 23502; column: phone");
  auto update_null = update_failure("User", R"({"email":null})", kAdmin);
  EXPECT_EQ(update_null.kind, ErrorClass::integrity);
  EXPECT_EQ(update_null.field, "email");
  // Updates need no required columns.
  EXPECT_EQ(plan_update("User", R"({"phone":"1"})", kAdmin).columns.size(), 1u);
}

TEST(ObjectValuesTest, UniqueColumnsRememberTheirValueForMessages) {
  auto plans = plan_create("User", R"({"username":"ann","email":"Ann@x.io","phone":"1",
                                       "password":"secret"})",
                           kAdmin);
  const auto& columns = plans[0].columns;
  EXPECT_EQ(columns[0].shown, "ann");
  EXPECT_EQ(columns[1].shown, "Ann@x.io");
  EXPECT_EQ(columns[3].shown, "");     // the password is never shown
  EXPECT_TRUE(columns[3].needs_hash);  // hashed before the transaction begins
  EXPECT_FALSE(columns[0].needs_hash);
}

TEST(ObjectValuesTest, ArraysOfObjectsCreateSeveralRows) {
  EXPECT_EQ(plan_create("Dealer", R"([{"dealer_name":"a"},{"dealer_name":"b"}])").size(), 2u);
  EXPECT_EQ(create_failure("Dealer", R"([{"dealer_name":"a"},5])").kind, ErrorClass::exception);
  EXPECT_EQ(create_failure("Dealer", R"([{}])").kind, ErrorClass::exception);
}

TEST(ObjectValuesTest, ObjectCountIsBounded) {
  CatalogLimits limits;
  limits.max_objects_per_write = 3;
  EXPECT_EQ(plan_create("Dealer", R"([{"age":1},{"age":2},{"age":3}])", kUser, limits).size(), 3u);
  auto e = create_failure("Dealer", R"([{"age":1},{"age":2},{"age":3},{"age":4}])", kUser, limits);
  EXPECT_EQ(e.kind, ErrorClass::exception);
  EXPECT_TRUE(mentions(e, "exceeds maximum size"));
  // Nested creates count too.
  auto nested = create_failure(
      "Item",
      R"({"item_history":{"action":"create","append":true,"sub_model_name":"Item_History",
          "values":[{"type":"a"},{"type":"b"},{"type":"c"}]}})",
      kUser, limits);
  EXPECT_TRUE(mentions(nested, "exceeds maximum size"));
}

// ---- permissions on models ----

TEST(ObjectValuesTest, AccountsNeedAnAdmin) {
  auto e = create_failure("User", R"({"username":"a","email":"a@x","phone":"1","password":"p"})");
  EXPECT_EQ(e.kind, ErrorClass::permission);
  EXPECT_EQ(e.permission_verb, Verb::create);
  EXPECT_EQ(e.model, "User");
  EXPECT_EQ(create_failure("Role", R"({"role":"r","key":"k"})").kind, ErrorClass::permission);
}

// ---- relationship actions (§2.7) ----

TEST(RelationshipActionsTest, LinkPlansItsFilterAndAlsoDo) {
  auto plans = plan_create("Item_Note", R"({"note_content":"n",
      "items":{"action":"link","values":{"Item":{"query_filters":{"article_number":{"operation":"in","value":["A-1"]}},
        "link_type":"all_link","also_do":{"item_history":{"action":"create","append":true,
        "sub_model_name":"Item_History","values":{"column_name":"Note","type":"Created"}}}}}}})");
  ASSERT_EQ(plans[0].actions.size(), 1u);
  const auto& link = plans[0].actions[0];
  EXPECT_EQ(link.kind, ActionKind::link);
  EXPECT_EQ(link.link_type, LinkType::all_link);
  EXPECT_EQ(link.target->name, "Item");
  EXPECT_EQ(link.filter.all.size(), 1u);
  ASSERT_TRUE(link.also_do);
  ASSERT_EQ(link.also_do->actions.size(), 1u);
  EXPECT_EQ(link.also_do->actions[0].created.size(), 1u);
  EXPECT_TRUE(link.also_do->actions[0].append);
}

TEST(RelationshipActionsTest, EnumeratedValuesAreChecked) {
  auto link = [](std::string_view spec) {
    return create_failure("Item", std::string(R"({"dealer":)") + std::string(spec) + "}");
  };
  EXPECT_TRUE(
      mentions(link(R"({"action":"attach","values":{"x":1}})"), "invalid action in key: action"));
  EXPECT_TRUE(mentions(link(R"({"action":"query_if_none_create","values":{"x":1}})"),
                       "invalid action in key: action"));
  EXPECT_TRUE(mentions(link(R"({"action":"link"})"), "no action or values provided"));
  EXPECT_TRUE(mentions(link(R"({"action":"link","values":{}})"), "no action or values provided"));
  EXPECT_TRUE(mentions(link(R"({"values":{"Dealer":{}}})"), "no action or values provided"));
  EXPECT_TRUE(mentions(
      link(
          R"({"action":"link","values":{"Dealer":{"query_filters":{"id":1},"link_type":"some"}}})"),
      "invalid link type in key: link_type"));
  // The enumeration is reported even when the filter is bad as well.
  EXPECT_TRUE(mentions(
      link(R"({"action":"link","values":{"Dealer":{"query_filters":{"nope":1},"link_type":"x"}}})"),
      "invalid link type in key: link_type"));
  EXPECT_TRUE(mentions(link(R"({"action":"link","values":{"Dealer":{"query_filters":{"id":1},
                            "link_type":"first_link","action_if_none":"make"}}})"),
                       "invalid action in key: action_if_none"));
  EXPECT_TRUE(mentions(
      link(
          R"({"action":"link","values":{"Item":{"query_filters":{"id":1},"link_type":"first_link"}}})"),
      "is not the target of relationship dealer"));
  EXPECT_TRUE(mentions(
      link(
          R"({"action":"link","values":{"Nope":{"query_filters":{"id":1},"link_type":"first_link"}}})"),
      "No Model found with name: Nope"));
  EXPECT_TRUE(mentions(link(R"({"action":"unlink","values":{"unlink_type":"some"}})"),
                       "invalid unlink type in key: unlink_type"));
  auto unlink_notes = create_failure(
      "Item", R"({"notes":{"action":"unlink","values":{"unlink_type":"unlink_matches",
                  "query_filters":{"id":1},"query_matches":"many"}}})");
  EXPECT_TRUE(mentions(unlink_notes, "invalid query matches in key: query_matches"));
}

TEST(RelationshipActionsTest, ActionIfNoneNeedsValues) {
  auto plans =
      plan_create("Item_Note", R"({"subject":{"action":"link","values":{"Item_Notes_Subject":{
      "query_filters":{"subject":{"operation":"ilike","value":"%s%"}},"link_type":"first_link",
      "action_if_none":"create_entry","values_for_none_action":{"subject":"s"}}}}})");
  ASSERT_TRUE(plans[0].actions[0].create_if_none);
  EXPECT_EQ(plans[0].actions[0].create_if_none->columns.size(), 1u);
  auto e =
      create_failure("Item_Note", R"({"subject":{"action":"link","values":{"Item_Notes_Subject":{
      "query_filters":{"id":1},"link_type":"first_link","action_if_none":"create_entry"}}}})");
  EXPECT_EQ(e.kind, ErrorClass::exception);
}

TEST(RelationshipActionsTest, HistoryIsAppendOnly) {
  auto no_append = create_failure("Item", R"({"item_history":{"action":"create",
      "sub_model_name":"Item_History","values":{"type":"Created"}}})");
  EXPECT_EQ(no_append.kind, ErrorClass::exception);
  EXPECT_TRUE(mentions(no_append, "append"));
  auto unlink = update_failure("Item", R"({"item_history":{"action":"unlink",
      "values":{"unlink_type":"unlink_all"}}})");
  EXPECT_EQ(unlink.kind, ErrorClass::exception);
  auto unlink_dealer = update_failure("Dealer", R"({"dealer_history":{"action":"unlink",
      "values":{"unlink_type":"unlink_all"}}})");
  EXPECT_EQ(unlink_dealer.kind, ErrorClass::exception);
  // Changing a history row through another action is an update of it: refused.
  auto through = update_failure("Item", R"({"item_history":{"action":"create_through_rel",
      "values":{"type":"x"}}})");
  EXPECT_EQ(through.kind, ErrorClass::permission);
  EXPECT_EQ(through.model, "Item_History");
}

TEST(RelationshipActionsTest, CreateChecksItsSubModel) {
  EXPECT_TRUE(mentions(create_failure("Item", R"({"dealer":{"action":"create",
      "values":{"dealer_name":"d"}}})"),
                       "sub_model_name"));
  EXPECT_TRUE(mentions(create_failure("Item", R"({"dealer":{"action":"create",
      "sub_model_name":"Item","values":{"dealer_name":"d"}}})"),
                       "is not the target"));
  EXPECT_EQ(create_failure("Item", R"({"dealer":{"action":"create","sub_model_name":"Dealer",
      "values":[{"dealer_name":"d"}]}})")
                .kind,
            ErrorClass::exception);
  auto plans = plan_create("Item", R"({"dealer":{"action":"create","sub_model_name":"Dealer",
      "values":{"dealer_name":"d"}}})");
  EXPECT_EQ(plans[0].actions[0].created.size(), 1u);
  EXPECT_FALSE(plans[0].actions[0].append);
}

TEST(RelationshipActionsTest, RolesAreAnAdminsToGive) {
  auto e = update_failure("User", R"({"roles":{"action":"link","values":{"Role":{
      "query_filters":{"role":"Admin"},"link_type":"all_link"}}}})");
  EXPECT_EQ(e.kind, ErrorClass::permission);
  auto plan = plan_update("User", R"({"roles":{"action":"link","values":{"Role":{
      "query_filters":{"role":"Admin"},"link_type":"all_link"}}}})",
                          kAdmin);
  EXPECT_EQ(plan.actions.size(), 1u);
}

TEST(RelationshipActionsTest, NestingIsBounded) {
  // Item.dealer -> Dealer.items -> Item.dealer -> Dealer.items -> Item.dealer: five levels.
  auto through = [](std::string_view rel, const std::string& values) {
    return std::string(R"({"action":"create_through_rel","values":{")") + std::string(rel) +
           "\":" + values + "}}";
  };
  const std::string level5 = R"({"action":"create_through_rel","values":{"dealer_name":"x"}})";
  const std::string level4 = through("dealer", level5);
  const std::string level3 = through("items", level4);
  const std::string level2 = through("dealer", level3);
  auto e = update_failure("Item", R"({"dealer":)" + through("items", level2) + "}");
  EXPECT_EQ(e.kind, ErrorClass::exception);
  EXPECT_TRUE(mentions(e, "exceeds maximum depth")) << e.server_message;
  // Four levels are fine.
  const std::string last = R"({"action":"create_through_rel","values":{"category":"x"}})";
  const std::string four = through("items", through("dealer", through("items", last)));
  EXPECT_EQ(plan_update("Item", R"({"dealer":)" + four + "}").actions.size(), 1u);
}

}  // namespace
}  // namespace tandem::domain::catalog
