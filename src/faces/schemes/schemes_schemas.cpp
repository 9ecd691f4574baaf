#include "faces/schemes/schemes_schemas.hpp"

#include <boost/json.hpp>

#include "platform/http/openapi.hpp"

namespace tandem::faces::schemes::schemas {

namespace s = http::schema;
namespace json = boost::json;

namespace {

// Filters, projections and object values are open grammars (§2.1): the catalog checks them
// against the model registry, so the schema only says what JSON type they are.
json::value filters() {
  json::object o{
      {"type", "object"},
      {"description", "{\"[or-]<path>\": <scalar> | {\"operation\": <op>, \"value\": <value>}}"}};
  return o;
}

json::value projection() {
  json::object o{{"type", "array"},
                 {"items", json::object{}},
                 {"description", "column names, dotted paths or {relationship: [projection]}"}};
  return o;
}

json::value object_values() {
  json::object o{{"type", "object"},
                 {"description", "{<column>: <value>, <relationship>: {\"action\": ..., ...}}"}};
  return o;
}

// One request object, or a non-empty list of them in one transaction.
json::value one_or_list(json::value one) {
  json::object list{{"type", "array"}, {"minItems", 1}, {"items", one}};
  return json::object{{"oneOf", json::array{std::move(one), std::move(list)}}};
}

}  // namespace

json::value envelope(json::value body_items) {
  return s::object({{"status", s::integer()},
                    {"message", s::string()},
                    {"body", s::array_of(std::move(body_items))},
                    {"server_message", s::string()}},
                   {"status", "message", "body", "server_message"});
}

json::value plain_envelope() { return envelope(json::object{}); }

json::value get_items_request() {
  json::object per_page{{"type", "integer"}, {"minimum", 0}, {"nullable", true}};
  json::object cursor{{"type", "integer"}, {"minimum", 0}, {"nullable", true}};
  return s::object({{"model_name", s::string()},
                    {"requested_data", projection()},
                    {"query_filters", filters()},
                    {"per_page", per_page},
                    {"cursor", cursor}},
                   {"model_name", "requested_data"});
}

json::value create_items_request() {
  json::object values{
      {"oneOf",
       json::array{object_values(), json::object{{"type", "array"}, {"items", object_values()}}}}};
  return one_or_list(s::object({{"model_name", s::string()},
                                {"object_values", values},
                                {"reference", s::string()},
                                {"requested_data", projection()}},
                               {"model_name", "object_values", "reference"}));
}

json::value update_items_request() {
  return one_or_list(
      s::object({{"model_name", s::string()},
                 {"query_filters", filters()},
                 {"update_type", s::enumeration({"first_match", "all_matches"})},
                 {"object_values", object_values()},
                 {"reference", s::string()}},
                {"model_name", "query_filters", "update_type", "object_values", "reference"}));
}

json::value delete_items_request() {
  auto target = s::object({{"query_filters", filters()},
                           {"delition_type", s::enumeration({"delete_first", "delete_all"})},
                           {"also_do", object_values()}},
                          {"query_filters", "delition_type"});
  return one_or_list(s::object(
      {{"model_name", s::string()}, {"object_values", target}, {"reference", s::string()}},
      {"model_name", "object_values", "reference"}));
}

json::value probe_request() { return s::object({{"requested_data", projection()}}); }

json::value login_request() {
  return s::object(
      {{"email", s::string()}, {"password", s::string()}, {"request_info", projection()}},
      {"email", "password"});
}

json::value login_item() {
  return s::object({{"token", s::string()}, {"payload", s::any_object()}}, {"token", "payload"});
}

}  // namespace tandem::faces::schemes::schemas
