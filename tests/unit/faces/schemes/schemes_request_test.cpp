// Reading the schemes requests (spec/beyo.md §2.2, §2.5-§2.9, issue decision 11): what is a
// [Validation Error], what the catalog receives, and the one [Exception Error] the face raises
// itself (an unknown delition_type).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "faces/schemes/schemes_request.hpp"

namespace tandem::faces::schemes {
namespace {

namespace json = boost::json;
using domain::catalog::CatalogError;
using domain::catalog::CreateOne;
using domain::catalog::DeleteOne;
using domain::catalog::DeletionType;
using domain::catalog::ErrorClass;
using domain::catalog::GetItems;
using domain::catalog::UpdateOne;
using domain::catalog::UpdateType;

http::Request request(std::string body, std::string content_type = "application/json") {
  http::Request req;
  req.method = http::Method::post;
  if (!content_type.empty()) req.headers.push_back({"Content-Type", content_type});
  req.body = std::move(body);
  return req;
}

std::string body_problem(const http::Request& req) {
  auto read = read_json_body(req);
  auto* problem = std::get_if<std::string>(&read);
  return problem ? *problem : "";
}

TEST(SchemesRequestTest, BodyMustBeJsonOfAJsonMediaType) {
  EXPECT_EQ(body_problem(request("{}")), "");
  EXPECT_EQ(body_problem(request("{}", "application/json; charset=utf-8")), "");
  EXPECT_EQ(body_problem(request("{}", "Application/JSON")), "");
  EXPECT_NE(body_problem(request("{}", "")), "");
  EXPECT_NE(body_problem(request("{}", "text/plain")), "");
  EXPECT_NE(body_problem(request("{}", "application/x-www-form-urlencoded")), "");
  EXPECT_NE(body_problem(request("")), "");
  EXPECT_NE(body_problem(request("  \n")), "");
  EXPECT_NE(body_problem(request("{\"a\":")), "");
  EXPECT_NE(body_problem(request("model_name=Item")), "");
}

CatalogError get_error(std::string_view text) {
  auto parsed = parse_get_items(json::parse(text));
  EXPECT_TRUE(std::holds_alternative<CatalogError>(parsed)) << text;
  if (auto* e = std::get_if<CatalogError>(&parsed)) return *e;
  return CatalogError(ErrorClass::exception, "parsed");
}

GetItems get_ok(std::string_view text) {
  auto parsed = parse_get_items(json::parse(text));
  EXPECT_TRUE(std::holds_alternative<GetItems>(parsed))
      << text << ": " << std::get<CatalogError>(parsed).server_message;
  if (auto* r = std::get_if<GetItems>(&parsed)) return *r;
  return {};
}

TEST(SchemesRequestTest, GetItemsShape) {
  auto r = get_ok(R"({"model_name":"Item","requested_data":["id"],"query_filters":{"id":3},
                      "per_page":180,"cursor":50})");
  EXPECT_EQ(r.model_name, "Item");
  EXPECT_EQ(r.requested_data.size(), 1u);
  EXPECT_EQ(r.query_filters.size(), 1u);
  EXPECT_EQ(r.per_page, 180);
  EXPECT_EQ(r.cursor, 50);

  auto e = get_error(R"({"requested_data":["id"],"order_by":"id"})");
  EXPECT_EQ(e.kind, ErrorClass::validation);
  EXPECT_EQ(e.server_message,
            "model_name: Missing data for required field.; order_by: Unknown field.");
  EXPECT_EQ(get_error(R"({"model_name":"Item"})").server_message,
            "requested_data: Missing data for required field.");
  EXPECT_EQ(get_error(R"({"model_name":5,"requested_data":{}})").server_message,
            "model_name: Not a valid string.; requested_data: Not a valid list.");
  EXPECT_EQ(get_error(R"({"model_name":"Item","requested_data":[],"query_filters":[]})").kind,
            ErrorClass::validation);
  EXPECT_EQ(get_error(R"([{"model_name":"Item","requested_data":[]}])").kind,
            ErrorClass::validation);
  EXPECT_EQ(get_error("3").kind, ErrorClass::validation);
  EXPECT_EQ(get_error("null").kind, ErrorClass::validation);
}

TEST(SchemesRequestTest, PerPageAndCursor) {
  auto defaults = get_ok(R"({"model_name":"Item","requested_data":[]})");
  EXPECT_EQ(defaults.per_page, 0);
  EXPECT_FALSE(defaults.cursor);
  auto nulls = get_ok(R"({"model_name":"Item","requested_data":[],"per_page":null,"cursor":null})");
  EXPECT_EQ(nulls.per_page, 0);
  EXPECT_FALSE(nulls.cursor);
  auto zeros = get_ok(R"({"model_name":"Item","requested_data":[],"per_page":0,"cursor":0})");
  EXPECT_EQ(zeros.per_page, 0);
  EXPECT_FALSE(zeros.cursor);
  // Clamping is the catalog's: the face passes large values on.
  EXPECT_EQ(get_ok(R"({"model_name":"Item","requested_data":[],"per_page":5000})").per_page, 5000);
  EXPECT_GT(get_ok(R"({"model_name":"Item","requested_data":[],"per_page":18446744073709551615})")
                .per_page,
            1000);
  for (const char* bad : {"-1", "1.5", "2.0", "\"10\"", "true", "[]"}) {
    std::string per_page =
        std::string(R"({"model_name":"Item","requested_data":[],"per_page":)") + bad + "}";
    EXPECT_EQ(get_error(per_page).kind, ErrorClass::validation) << bad;
    std::string cursor =
        std::string(R"({"model_name":"Item","requested_data":[],"cursor":)") + bad + "}";
    EXPECT_EQ(get_error(cursor).kind, ErrorClass::validation) << bad;
  }
}

TEST(SchemesRequestTest, CreateBodies) {
  auto one = parse_create_items(json::parse(
      R"({"model_name":"Dealer","object_values":{"dealer_name":"A"},"reference":"Dealer A"})"));
  ASSERT_TRUE(std::holds_alternative<CreateBatch>(one));
  const auto& batch = std::get<CreateBatch>(one);
  EXPECT_FALSE(batch.list_body);
  ASSERT_EQ(batch.elements.size(), 1u);
  EXPECT_TRUE(batch.elements[0].requested_data.empty());  // default []
  EXPECT_EQ(batch.elements[0].reference, "Dealer A");

  auto list = parse_create_items(json::parse(
      R"([{"model_name":"Item_Note","object_values":[{"note_content":"a"},{"note_content":"b"}],
           "reference":"Note","requested_data":["id"]},
          {"model_name":"Item_Note","object_values":{"note_content":"c"},"reference":"Last"}])"));
  ASSERT_TRUE(std::holds_alternative<CreateBatch>(list));
  EXPECT_TRUE(std::get<CreateBatch>(list).list_body);
  EXPECT_EQ(std::get<CreateBatch>(list).elements.size(), 2u);
  EXPECT_TRUE(std::get<CreateBatch>(list).elements[0].object_values.is_array());
}

CatalogError create_error(std::string_view text) {
  auto parsed = parse_create_items(json::parse(text));
  EXPECT_TRUE(std::holds_alternative<CatalogError>(parsed)) << text;
  if (auto* e = std::get_if<CatalogError>(&parsed)) return *e;
  return CatalogError(ErrorClass::exception, "parsed");
}

TEST(SchemesRequestTest, CreateValidation) {
  for (const char* bad : {
           R"([])",
           R"("x")",
           R"({"model_name":"Item","object_values":{},"reference":"Item"})",
           R"({"model_name":"Item","object_values":[],"reference":"Item"})",
           R"({"model_name":"Item","object_values":[{"a":1},3],"reference":"Item"})",
           R"({"model_name":"Item","object_values":{"a":1}})",
           R"({"model_name":"Item","object_values":{"a":1},"reference":7})",
           R"({"model_name":"Item","object_values":{"a":1},"reference":"I","requested_data":{}})",
           R"({"model_name":"Item","object_values":{"a":1},"reference":"I","query_filters":{}})",
       }) {
    EXPECT_EQ(create_error(bad).kind, ErrorClass::validation) << bad;
  }
  // A list body names the failing element, for the message's reference.
  auto e = create_error(R"([{"model_name":"Item","object_values":{"a":1},"reference":"A"},
                            {"model_name":"Item","reference":"B"}])");
  EXPECT_EQ(e.element, 1u);
  EXPECT_EQ(e.server_message, "1.object_values: Missing data for required field.");
  auto refs = element_references(json::parse(R"([{"reference":"A"},{"reference":3},5])"));
  EXPECT_EQ(refs, (std::vector<std::string>{"A", "", ""}));
}

TEST(SchemesRequestTest, UpdateBodies) {
  auto ok = parse_update_items(json::parse(
      R"({"model_name":"Item","query_filters":{"id":1},"update_type":"all_matches",
          "object_values":{"state":"Sold"},"reference":"Item"})"));
  ASSERT_TRUE(std::holds_alternative<std::vector<UpdateOne>>(ok));
  EXPECT_EQ(std::get<std::vector<UpdateOne>>(ok)[0].update_type, UpdateType::all_matches);
  for (const char* bad : {
           R"({"model_name":"Item","query_filters":{},"update_type":"first_match",
               "object_values":{"state":"Sold"},"reference":"Item"})",
           R"({"model_name":"Item","query_filters":{"id":1},"update_type":"every",
               "object_values":{"state":"Sold"},"reference":"Item"})",
           R"({"model_name":"Item","query_filters":{"id":1},"update_type":"first_match",
               "object_values":[{"state":"Sold"}],"reference":"Item"})",
           R"({"model_name":"Item","query_filters":{"id":1},"update_type":"first_match",
               "object_values":{},"reference":"Item"})",
           R"({"model_name":"Item","query_filters":{"id":1},"update_type":"first_match",
               "object_values":{"state":"Sold"},"reference":"Item","requested_data":[]})",
       }) {
    auto parsed = parse_update_items(json::parse(bad));
    ASSERT_TRUE(std::holds_alternative<CatalogError>(parsed)) << bad;
    EXPECT_EQ(std::get<CatalogError>(parsed).kind, ErrorClass::validation) << bad;
  }
}

TEST(SchemesRequestTest, DeleteBodies) {
  auto ok = parse_delete_items(json::parse(
      R"({"model_name":"Item_Note","reference":"Note",
          "object_values":{"query_filters":{"id":3},"delition_type":"delete_all",
                           "also_do":{"items":{}}}})"));
  ASSERT_TRUE(std::holds_alternative<std::vector<DeleteOne>>(ok));
  const auto& one = std::get<std::vector<DeleteOne>>(ok)[0];
  EXPECT_EQ(one.deletion_type, DeletionType::delete_all);
  EXPECT_TRUE(one.also_do.has_value());

  auto invalid_type = parse_delete_items(json::parse(
      R"([{"model_name":"Item","reference":"A",
           "object_values":{"query_filters":{"id":3},"delition_type":"delete_first"}},
          {"model_name":"Item","reference":"B",
           "object_values":{"query_filters":{"id":3},"delition_type":"delete_some"}}])"));
  ASSERT_TRUE(std::holds_alternative<CatalogError>(invalid_type));
  EXPECT_EQ(std::get<CatalogError>(invalid_type).kind, ErrorClass::exception);
  EXPECT_EQ(std::get<CatalogError>(invalid_type).server_message, "Invalid deletion type");
  EXPECT_EQ(std::get<CatalogError>(invalid_type).element, 1u);

  auto no_filters = parse_delete_items(json::parse(
      R"({"model_name":"Item","reference":"A","object_values":{"delition_type":"delete_all"}})"));
  ASSERT_TRUE(std::holds_alternative<CatalogError>(no_filters));
  EXPECT_EQ(std::get<CatalogError>(no_filters).kind, ErrorClass::validation);
}

}  // namespace
}  // namespace tandem::faces::schemes
