// The schemes face's envelope (spec/beyo.md §2.0) and the §2.12 error switch: four keys written
// sorted, the HTTP status equal to `status`, and each error class with its template.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "faces/schemes/schemes_envelope.hpp"
#include "faces/schemes/schemes_errors.hpp"

namespace tandem::faces::schemes {
namespace {

namespace json = boost::json;
using domain::catalog::ErrorClass;
using domain::catalog::IntegrityKind;

json::object parsed(const http::Response& res) { return json::parse(res.body).as_object(); }

TEST(SchemesEnvelopeTest, FourSortedKeysAndTheStatusTwice) {
  auto res = envelope(201, "Item created!", json::array{json::object{{"id", 7}}});
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(res.body,
            "{\"body\":[{\"id\":7}],\"message\":\"Item created!\",\"server_message\":\"\","
            "\"status\":201}\n");
  auto empty = envelope(401, "Token missing");
  EXPECT_EQ(empty.body,
            "{\"body\":[],\"message\":\"Token missing\",\"server_message\":\"\",\"status\":401}\n");
}

TEST(SchemesEnvelopeTest, PlatformErrorsNeverCarryTheirText) {
  auto internal = render_platform_error(500, "boom: SELECT secret");
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(parsed(internal)["message"], "[Exception Error] Internal error.");
  EXPECT_EQ(parsed(internal)["body"], json::array());
  auto too_large = render_platform_error(413, "Payload Too Large");
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(parsed(too_large)["status"], 413);
  EXPECT_EQ(parsed(render_platform_error(404, "Not Found"))["message"], "Not Found");
}

std::string message_of(const CatalogError& e, Verb verb, std::vector<std::string> refs = {}) {
  return std::string(parsed(render_catalog_error(e, verb, refs))["message"].as_string());
}

TEST(SchemesErrorsTest, ExceptionTemplatesPerVerb) {
  auto e = domain::catalog::exception_error("No Model found with name: Nope");
  EXPECT_EQ(message_of(e, Verb::read), "[Exception Error] Error on query.");
  EXPECT_EQ(message_of(e, Verb::create, {"Item"}), "[Exception Error] Error creating Item.");
  EXPECT_EQ(message_of(e, Verb::update, {"Note"}), "[Exception Error] Error updating Note.");
  EXPECT_EQ(message_of(e, Verb::remove, {"User x"}), "[Exception Error] Error deleting User x.");
  auto res = render_catalog_error(e, Verb::read, {});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(parsed(res)["server_message"], "No Model found with name: Nope");
}

TEST(SchemesErrorsTest, TheFailingElementsReferenceOrEntry) {
  auto e = domain::catalog::exception_error("x");
  e.element = 1;
  EXPECT_EQ(message_of(e, Verb::create, {"A", "B", "C"}), "[Exception Error] Error creating B.");
  e.element = 5;
  EXPECT_EQ(message_of(e, Verb::create, {"A"}), "[Exception Error] Error creating entry.");
  e.element = 0;
  EXPECT_EQ(message_of(e, Verb::create, {""}), "[Exception Error] Error creating entry.");
}

TEST(SchemesErrorsTest, ValidationTemplates) {
  CatalogError e(ErrorClass::validation, "requested_data: Missing data for required field.");
  EXPECT_EQ(message_of(e, Verb::read), "[Validation Error] Invalid data for request.");
  EXPECT_EQ(message_of(e, Verb::update, {"user"}), "[Validation Error] Invalid data for user.");
  auto res = render_catalog_error(e, Verb::read, {});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(parsed(res)["server_message"], "requested_data: Missing data for required field.");
}

TEST(SchemesErrorsTest, IntegrityTemplates) {
  CatalogError unique(ErrorClass::integrity, "SQLSTATE 23505; constraint: users_email_ci");
  unique.integrity = IntegrityKind::unique;
  unique.field = "email";
  unique.value = "a@x";
  EXPECT_EQ(message_of(unique, Verb::create, {"User_a"}),
            "[Database Integrity Error] The value 'a@x' for field 'email' already exists.");
  CatalogError not_null(ErrorClass::integrity, "SQLSTATE 23502; column: phone");
  not_null.integrity = IntegrityKind::not_null;
  not_null.field = "phone";
  EXPECT_EQ(message_of(not_null, Verb::update, {"user"}),
            "[Database Integrity Error] 'phone' cannot be empty.");
  CatalogError other(ErrorClass::integrity, "SQLSTATE 23503");
  EXPECT_EQ(message_of(other, Verb::remove, {"Dealer"}),
            "[Database Integrity Error] Constraint failed on Dealer.");
  auto res = render_catalog_error(other, Verb::remove, std::vector<std::string>{"Dealer"});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(parsed(res)["server_message"], "SQLSTATE 23503");
}

TEST(SchemesErrorsTest, DataAndOperationalTemplates) {
  CatalogError data(ErrorClass::data, "SQLSTATE 22003");
  EXPECT_EQ(message_of(data, Verb::read),
            "[Database Data Error] Invalid data type or value when querying.");
  EXPECT_EQ(message_of(data, Verb::create, {"Item"}),
            "[Database Data Error] Invalid data type or value when creating Item.");
  EXPECT_EQ(message_of(data, Verb::remove, {"Item"}),
            "[Database Data Error] Invalid data type or value when deleting Item.");
  CatalogError operational(ErrorClass::operational, "SQLSTATE 57014");
  auto res = render_catalog_error(operational, Verb::update, std::vector<std::string>{"Item"});
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(parsed(res)["message"],
            "[Database Operational Error] DB error occurred when updating Item.");
}

TEST(SchemesErrorsTest, PermissionNamesVerbAndModel) {
  auto e = domain::catalog::permission_error(Verb::remove, "Item_History");
  auto res = render_catalog_error(e, Verb::remove, std::vector<std::string>{"History"});
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(parsed(res)["message"], "[Permission Error] Not allowed to delete Item_History.");
  auto create = domain::catalog::permission_error(Verb::create, "Role");
  EXPECT_EQ(message_of(create, Verb::update, {"user"}),
            "[Permission Error] Not allowed to create Role.");
}

}  // namespace
}  // namespace tandem::faces::schemes
