#include "faces/schemes/schemes_request.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace tandem::faces::schemes {

namespace json = boost::json;
using domain::catalog::CatalogError;
using domain::catalog::CreateOne;
using domain::catalog::DeleteOne;
using domain::catalog::DeletionType;
using domain::catalog::ErrorClass;
using domain::catalog::GetItems;
using domain::catalog::UpdateOne;
using domain::catalog::UpdateType;

namespace {

// marshmallow's texts, which Beyo's client may show.
constexpr std::string_view kMissing = "Missing data for required field.";
constexpr std::string_view kUnknown = "Unknown field.";
constexpr std::string_view kNull = "Field may not be null.";
constexpr std::string_view kNotString = "Not a valid string.";
constexpr std::string_view kNotList = "Not a valid list.";
constexpr std::string_view kNotMapping = "Not a valid mapping type.";
constexpr std::string_view kNotInteger = "Not a valid integer.";
constexpr std::string_view kNegative = "Must be greater than or equal to 0.";
constexpr std::string_view kEmpty = "Must not be empty.";
constexpr std::string_view kInvalidInput = "Invalid input type.";

// Deep enough for four levels of nested actions with their filters (§5.2); deeper JSON is not a
// request this face can answer anyway.
constexpr std::size_t kMaxJsonDepth = 96;

// application/json with any parameters (charset=utf-8 ...), case-insensitive.
bool is_json_media_type(std::string_view content_type) {
  auto type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.front())))
    type.remove_prefix(1);
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back())))
    type.remove_suffix(1);
  return http::iequals(type, "application/json");
}

// The problems of one element, "field: problem", sorted so the text does not depend on the
// order of the client's keys.
class Problems {
 public:
  explicit Problems(std::string prefix) : prefix_(std::move(prefix)) {}

  void add(std::string_view field, std::string_view problem) {
    lines_.push_back(prefix_ + std::string(field) + ": " + std::string(problem));
  }
  bool empty() const { return lines_.empty(); }
  std::string text() {
    std::sort(lines_.begin(), lines_.end());
    std::string out;
    for (const auto& line : lines_) {
      if (!out.empty()) out += "; ";
      out += line;
    }
    return out;
  }

 private:
  std::string prefix_;
  std::vector<std::string> lines_;
};

// Keys outside `known` are problems.
void reject_unknown(const json::object& obj, std::initializer_list<std::string_view> known,
                    Problems& problems, std::string_view parent = {}) {
  for (const auto& entry : obj) {
    std::string_view key = entry.key();
    if (std::find(known.begin(), known.end(), key) == known.end())
      problems.add(std::string(parent) + std::string(key), kUnknown);
  }
}

// A required string field.
std::optional<std::string> required_string(const json::object& obj, std::string_view key,
                                           Problems& problems) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr) {
    problems.add(key, kMissing);
    return std::nullopt;
  }
  if (v->is_null()) {
    problems.add(key, kNull);
    return std::nullopt;
  }
  if (!v->is_string()) {
    problems.add(key, kNotString);
    return std::nullopt;
  }
  return std::string(v->get_string());
}

// An object field; `required` and `non_empty` as the route says. Absent optional: nullopt.
std::optional<json::object> object_field(const json::object& obj, std::string_view key,
                                         bool required, bool non_empty, Problems& problems,
                                         std::string_view parent = {}) {
  std::string name = std::string(parent) + std::string(key);
  const auto* v = obj.if_contains(key);
  if (v == nullptr) {
    if (required) problems.add(name, kMissing);
    return std::nullopt;
  }
  if (v->is_null()) {
    problems.add(name, kNull);
    return std::nullopt;
  }
  if (!v->is_object()) {
    problems.add(name, kNotMapping);
    return std::nullopt;
  }
  if (non_empty && v->get_object().empty()) {
    problems.add(name, kEmpty);
    return std::nullopt;
  }
  return v->get_object();
}

std::optional<json::array> array_field(const json::object& obj, std::string_view key, bool required,
                                       Problems& problems) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr) {
    if (required) problems.add(key, kMissing);
    return std::nullopt;
  }
  if (v->is_null()) {
    problems.add(key, kNull);
    return std::nullopt;
  }
  if (!v->is_array()) {
    problems.add(key, kNotList);
    return std::nullopt;
  }
  return v->get_array();
}

// per_page / cursor: absent or null -> nullopt; a JSON integer >= 0 (values beyond int64 are as
// good as its maximum: per_page is clamped, a cursor that large bounds nothing).
std::optional<std::int64_t> count_field(const json::object& obj, std::string_view key,
                                        Problems& problems) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_int64()) {
    if (v->get_int64() < 0) {
      problems.add(key, kNegative);
      return std::nullopt;
    }
    return v->get_int64();
  }
  if (v->is_uint64()) return std::numeric_limits<std::int64_t>::max();
  problems.add(key, kNotInteger);
  return std::nullopt;
}

// object_values of create: an object or an array of objects, none of them empty (§2.6 rule 5).
std::optional<json::value> create_values(const json::object& obj, Problems& problems) {
  const auto* v = obj.if_contains("object_values");
  if (v == nullptr) {
    problems.add("object_values", kMissing);
    return std::nullopt;
  }
  if (v->is_null()) {
    problems.add("object_values", kNull);
    return std::nullopt;
  }
  if (v->is_object()) {
    if (v->get_object().empty()) {
      problems.add("object_values", kEmpty);
      return std::nullopt;
    }
    return *v;
  }
  if (!v->is_array()) {
    problems.add("object_values", "Not a valid mapping type or list.");
    return std::nullopt;
  }
  const auto& arr = v->get_array();
  if (arr.empty()) {
    problems.add("object_values", kEmpty);
    return std::nullopt;
  }
  bool good = true;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string name = "object_values." + std::to_string(i);
    if (!arr[i].is_object()) {
      problems.add(name, kNotMapping);
      good = false;
    } else if (arr[i].get_object().empty()) {
      problems.add(name, kEmpty);
      good = false;
    }
  }
  if (!good) return std::nullopt;
  return *v;
}

// The elements of a write body: one object, or a non-empty list of objects. Fails with the
// validation error for the first bad element.
struct Elements {
  std::vector<const json::object*> objects;
  bool list_body = false;
};
std::variant<Elements, CatalogError> write_elements(const json::value& body) {
  Elements out;
  if (body.is_object()) {
    out.objects.push_back(&body.get_object());
    return out;
  }
  if (!body.is_array()) return validation_error("_schema: " + std::string(kInvalidInput));
  const auto& arr = body.get_array();
  if (arr.empty()) return validation_error("_schema: " + std::string(kEmpty));
  out.list_body = true;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_object())
      return validation_error(std::to_string(i) + ": " + std::string(kInvalidInput), i);
    out.objects.push_back(&arr[i].get_object());
  }
  return out;
}

std::string element_prefix(const Elements& elements, std::size_t index) {
  return elements.list_body ? std::to_string(index) + "." : std::string();
}

std::optional<UpdateType> update_type_of(std::string_view text) {
  if (text == "first_match") return UpdateType::first_match;
  if (text == "all_matches") return UpdateType::all_matches;
  return std::nullopt;
}

std::optional<DeletionType> deletion_type_of(const json::value* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  if (v->get_string() == "delete_first") return DeletionType::delete_first;
  if (v->get_string() == "delete_all") return DeletionType::delete_all;
  return std::nullopt;
}

}  // namespace

CatalogError validation_error(std::string server_message, std::size_t element) {
  CatalogError e(ErrorClass::validation, std::move(server_message));
  e.element = element;
  return e;
}

std::variant<json::value, std::string> read_json_body(const http::Request& req) {
  if (!is_json_media_type(req.header("content-type").value_or("")))
    return std::string("_schema: Content-Type must be application/json.");
  if (std::all_of(req.body.begin(), req.body.end(),
                  [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }))
    return std::string("_schema: No data provided.");
  json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::system::error_code ec;
  json::value parsed = json::parse(req.body, ec, {}, options);
  if (ec) return std::string("_schema: Invalid JSON.");
  return parsed;
}

Parsed<GetItems> parse_get_items(const json::value& body) {
  if (!body.is_object()) return validation_error("_schema: " + std::string(kInvalidInput));
  const auto& obj = body.get_object();
  Problems problems("");
  reject_unknown(obj, {"model_name", "requested_data", "query_filters", "per_page", "cursor"},
                 problems);
  GetItems req;
  auto model = required_string(obj, "model_name", problems);
  auto requested = array_field(obj, "requested_data", true, problems);
  auto filters = object_field(obj, "query_filters", false, false, problems);
  auto per_page = count_field(obj, "per_page", problems);
  auto cursor = count_field(obj, "cursor", problems);
  if (!problems.empty()) return validation_error(problems.text());
  req.model_name = std::move(*model);
  req.requested_data = std::move(*requested);
  if (filters) req.query_filters = std::move(*filters);
  req.per_page = per_page.value_or(0);
  if (cursor && *cursor != 0) req.cursor = *cursor;
  return req;
}

Parsed<CreateBatch> parse_create_items(const json::value& body) {
  auto split = write_elements(body);
  if (auto* bad = std::get_if<CatalogError>(&split)) return std::move(*bad);
  const auto& elements = std::get<Elements>(split);
  CreateBatch batch;
  batch.list_body = elements.list_body;
  for (std::size_t i = 0; i < elements.objects.size(); ++i) {
    const auto& obj = *elements.objects[i];
    Problems problems(element_prefix(elements, i));
    reject_unknown(obj, {"model_name", "object_values", "reference", "requested_data"}, problems);
    auto model = required_string(obj, "model_name", problems);
    auto values = create_values(obj, problems);
    auto reference = required_string(obj, "reference", problems);
    auto requested = array_field(obj, "requested_data", false, problems);
    if (!problems.empty()) return validation_error(problems.text(), i);
    CreateOne one;
    one.model_name = std::move(*model);
    one.object_values = std::move(*values);
    one.reference = std::move(*reference);
    if (requested) one.requested_data = std::move(*requested);
    batch.elements.push_back(std::move(one));
  }
  return batch;
}

Parsed<std::vector<UpdateOne>> parse_update_items(const json::value& body) {
  auto split = write_elements(body);
  if (auto* bad = std::get_if<CatalogError>(&split)) return std::move(*bad);
  const auto& elements = std::get<Elements>(split);
  std::vector<UpdateOne> out;
  for (std::size_t i = 0; i < elements.objects.size(); ++i) {
    const auto& obj = *elements.objects[i];
    Problems problems(element_prefix(elements, i));
    // requested_data is not accepted here (§2.8): it is an unknown key like any other.
    reject_unknown(obj,
                   {"model_name", "query_filters", "update_type", "object_values", "reference"},
                   problems);
    auto model = required_string(obj, "model_name", problems);
    auto filters = object_field(obj, "query_filters", true, true, problems);
    auto type_text = required_string(obj, "update_type", problems);
    std::optional<UpdateType> type;
    if (type_text) {
      type = update_type_of(*type_text);
      if (!type) problems.add("update_type", "Must be one of: first_match, all_matches.");
    }
    auto values = object_field(obj, "object_values", true, true, problems);
    auto reference = required_string(obj, "reference", problems);
    if (!problems.empty()) return validation_error(problems.text(), i);
    UpdateOne one;
    one.model_name = std::move(*model);
    one.query_filters = std::move(*filters);
    one.update_type = *type;
    one.object_values = std::move(*values);
    one.reference = std::move(*reference);
    out.push_back(std::move(one));
  }
  return out;
}

Parsed<std::vector<DeleteOne>> parse_delete_items(const json::value& body) {
  auto split = write_elements(body);
  if (auto* bad = std::get_if<CatalogError>(&split)) return std::move(*bad);
  const auto& elements = std::get<Elements>(split);
  std::vector<DeleteOne> out;
  for (std::size_t i = 0; i < elements.objects.size(); ++i) {
    const auto& obj = *elements.objects[i];
    Problems problems(element_prefix(elements, i));
    reject_unknown(obj, {"model_name", "object_values", "reference"}, problems);
    auto model = required_string(obj, "model_name", problems);
    auto values = object_field(obj, "object_values", true, false, problems);
    auto reference = required_string(obj, "reference", problems);
    std::optional<json::object> filters, also_do;
    if (values) {
      reject_unknown(*values, {"query_filters", "delition_type", "also_do"}, problems,
                     "object_values.");
      filters = object_field(*values, "query_filters", true, true, problems, "object_values.");
      also_do = object_field(*values, "also_do", false, false, problems, "object_values.");
    }
    if (!problems.empty()) return validation_error(problems.text(), i);
    // The original's own check, an [Exception Error] (§2.9), still before any query runs.
    auto type = deletion_type_of(values->if_contains("delition_type"));
    if (!type) {
      CatalogError e = domain::catalog::exception_error("Invalid deletion type");
      e.element = i;
      return e;
    }
    DeleteOne one;
    one.model_name = std::move(*model);
    one.query_filters = std::move(*filters);
    one.deletion_type = *type;
    one.also_do = std::move(also_do);
    one.reference = std::move(*reference);
    out.push_back(std::move(one));
  }
  return out;
}

std::vector<std::string> element_references(const json::value& body) {
  auto reference_of = [](const json::value& element) {
    if (!element.is_object()) return std::string();
    const auto* ref = element.get_object().if_contains("reference");
    if (ref == nullptr || !ref->is_string()) return std::string();
    return std::string(ref->get_string());
  };
  std::vector<std::string> out;
  if (body.is_array()) {
    for (const auto& element : body.get_array()) out.push_back(reference_of(element));
  } else {
    out.push_back(reference_of(body));
  }
  return out;
}

}  // namespace tandem::faces::schemes
