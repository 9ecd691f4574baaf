#pragma once
// Reading the schemes requests (spec/beyo.md §2.0, §2.2, §2.6, §2.8, §2.9; issue decision 11):
// the body must be JSON (Content-Type application/json, parameters allowed) holding an object, or
// a non-empty list of objects where the route takes list bodies; every top-level key is known,
// present when required and of its JSON type. What fails here is a [Validation Error] whose
// server_message lists "field: problem" (a list body prefixes the element's index), never a 415.
// Names, operations, values and actions are left to the catalog, which knows the registry.

#include <boost/json/value.hpp>
#include <string>
#include <variant>
#include <vector>

#include "domain/catalog/catalog_error.hpp"
#include "domain/catalog/catalog_request.hpp"
#include "platform/http/http_message.hpp"

namespace tandem::faces::schemes {

// The body as JSON, or the validation problem text ("_schema: ...") when the media type is not
// JSON, the body is empty or it does not parse.
std::variant<boost::json::value, std::string> read_json_body(const http::Request& req);

// The parsed request, or the error to render: validation for the envelope's shape, exception for
// an unknown delition_type (§2.9), with CatalogError::element naming the failing element.
template <typename T>
using Parsed = std::variant<T, domain::catalog::CatalogError>;

struct CreateBatch {
  std::vector<domain::catalog::CreateOne> elements;
  bool list_body = false;  // the answer is then one list per element
};

Parsed<domain::catalog::GetItems> parse_get_items(const boost::json::value& body);
Parsed<CreateBatch> parse_create_items(const boost::json::value& body);
Parsed<std::vector<domain::catalog::UpdateOne>> parse_update_items(const boost::json::value& body);
Parsed<std::vector<domain::catalog::DeleteOne>> parse_delete_items(const boost::json::value& body);

// Each element's `reference` when it is a string, else "" (rendered as "entry"): for the error
// messages of bodies that did not parse.
std::vector<std::string> element_references(const boost::json::value& body);

// A validation error with this server_message for element `element`.
domain::catalog::CatalogError validation_error(std::string server_message, std::size_t element = 0);

}  // namespace tandem::faces::schemes
