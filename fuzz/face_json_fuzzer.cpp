// Fuzzes the JSON request readers of each face on hostile bodies: v1's (faces/v1/v1_request.hpp:
// FastAPI's 422s), KPI's (faces/kpi/kpi_request.hpp: a whitelist per endpoint, a 400 for the
// first bad field) and TeamFlow's (faces/teamflow/teamflow_request.hpp). Each route reads its
// fields inside a coroutine handler, so this target calls the readers with the fields and kinds
// the routes use (the tables below; keep them in step with the *_routes.cpp files).
//
// Input: [endpoint: face = byte % 3 (v1, KPI, TeamFlow), route = byte / 3][content type][body].
// Invariants: nothing throws; every error body is valid UTF-8 JSON (the Flask faces' also pure
// ASCII); what a reader accepts is valid UTF-8 in its canonical form (dates, UUIDs, e-mail
// addresses); and Flask's writer, which echoes these strings back to clients, writes ASCII JSON
// that reads back as the same value.

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/board/board_rules.hpp"
#include "domain/kpi/kpi_enums.hpp"
#include "faces/kpi/kpi_request.hpp"
#include "faces/teamflow/teamflow_errors.hpp"
#include "faces/teamflow/teamflow_request.hpp"
#include "faces/v1/v1_errors.hpp"
#include "faces/v1/v1_request.hpp"
#include "fuzz_check.hpp"
#include "platform/flask_json.hpp"
#include "platform/uuid.hpp"

namespace {

namespace json = boost::json;
using tandem::fuzz::is_ascii;
using tandem::fuzz::is_utf8_json;
using tandem::http::Request;
using tandem::http::Response;
using tandem::platform::is_valid_utf8;

// ---- v1 ----------------------------------------------------------------------------------------

namespace v1 = tandem::faces::v1;

enum class V1Kind {
  required_string,
  optional_string,
  optional_non_null_string,
  required_email,
  optional_email,
  optional_date,
  required_uuid,
  optional_uuid,
  required_status,  // required_enum over task statuses
  optional_task_status,
  optional_priority,
  optional_project_status,
  optional_role,  // nullable enum
};

struct V1Field {
  std::string_view name;
  V1Kind kind;
};

const std::vector<std::string_view> kTaskStatuses = {"todo", "in_progress", "done"};
const std::vector<std::string_view> kTaskPriorities = {"low", "medium", "high"};
const std::vector<std::string_view> kProjectStatuses = {"pending", "in_progress", "completed"};
const std::vector<std::string_view> kRoles = {"admin", "member"};

// The bodies of v1's routes: auth_routes, user_routes, project_routes, task_routes.
const std::vector<std::vector<V1Field>> kV1Endpoints = {
    {{"name", V1Kind::required_string},  // register
     {"email", V1Kind::required_email},
     {"password", V1Kind::required_string}},
    {{"email", V1Kind::required_email}, {"password", V1Kind::required_string}},  // login
    {{"name", V1Kind::optional_string},                                          // user update
     {"email", V1Kind::optional_email},
     {"role", V1Kind::optional_role},
     {"password", V1Kind::optional_string}},
    {{"name", V1Kind::required_string},  // project create
     {"description", V1Kind::optional_string},
     {"deadline", V1Kind::optional_date}},
    {{"name", V1Kind::optional_non_null_string},  // project update
     {"description", V1Kind::optional_string},
     {"deadline", V1Kind::optional_date},
     {"status", V1Kind::optional_project_status}},
    {{"title", V1Kind::required_string},  // task create
     {"description", V1Kind::optional_string},
     {"priority", V1Kind::optional_priority},
     {"status", V1Kind::optional_task_status},
     {"deadline", V1Kind::optional_date},
     {"project_id", V1Kind::required_uuid},
     {"assigned_to", V1Kind::optional_uuid}},
    {{"title", V1Kind::optional_non_null_string},  // task update
     {"description", V1Kind::optional_string},
     {"priority", V1Kind::optional_priority},
     {"status", V1Kind::optional_task_status},
     {"deadline", V1Kind::optional_date},
     {"assigned_to", V1Kind::optional_uuid}},
    {{"new_status", V1Kind::required_status}},  // task move
};

bool is_canonical_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

bool is_canonical_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    bool hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');
    if (dash ? s[i] != '-' : !hex) return false;
  }
  return true;
}

void check_accepted(V1Kind kind, const std::string& value) {
  FUZZ_CHECK(is_valid_utf8(value));
  switch (kind) {
    case V1Kind::optional_date:
      FUZZ_CHECK(is_canonical_date(value));
      break;
    case V1Kind::required_uuid:
    case V1Kind::optional_uuid:
      FUZZ_CHECK(is_canonical_uuid(value));
      FUZZ_CHECK(tandem::platform::parse_uuid(value) == value);
      break;
    case V1Kind::required_email:
    case V1Kind::optional_email:
      FUZZ_CHECK(value.find('@') != std::string::npos);
      break;
    default:
      break;
  }
}

std::optional<std::string> read_v1_field(const json::object& obj, const V1Field& field,
                                         v1::ValidationErrors& errors) {
  switch (field.kind) {
    case V1Kind::required_string:
      return v1::required_string(obj, field.name, errors);
    case V1Kind::optional_string:
      return v1::optional_string(obj, field.name, errors).value;
    case V1Kind::optional_non_null_string:
      return v1::optional_string(obj, field.name, errors, false).value;
    case V1Kind::required_email:
      return v1::required_email(obj, field.name, errors);
    case V1Kind::optional_email:
      return v1::optional_email(obj, field.name, errors).value;
    case V1Kind::optional_date:
      return v1::optional_date(obj, field.name, errors).value;
    case V1Kind::required_uuid:
      return v1::required_uuid(obj, field.name, errors);
    case V1Kind::optional_uuid:
      return v1::optional_uuid(obj, field.name, errors).value;
    case V1Kind::required_status:
      return v1::required_enum(obj, field.name, kTaskStatuses, errors);
    case V1Kind::optional_task_status:
      return v1::optional_enum(obj, field.name, kTaskStatuses, false, errors).value;
    case V1Kind::optional_priority:
      return v1::optional_enum(obj, field.name, kTaskPriorities, false, errors).value;
    case V1Kind::optional_project_status:
      return v1::optional_enum(obj, field.name, kProjectStatuses, false, errors).value;
    case V1Kind::optional_role:
      return v1::optional_enum(obj, field.name, kRoles, true, errors).value;
  }
  return std::nullopt;
}

void check_v1_error(const Response& response) {
  FUZZ_CHECK(response.status == 422);
  FUZZ_CHECK(is_utf8_json(response.body));
}

void fuzz_v1(const Request& req, const std::vector<V1Field>& fields) {
  auto parsed = v1::read_json_body(req);
  if (auto* rejected = std::get_if<Response>(&parsed)) return check_v1_error(*rejected);
  v1::ValidationErrors errors;
  if (const auto* obj = v1::body_object(std::get<v1::JsonBody>(parsed), errors)) {
    for (const auto& field : fields) {
      if (auto value = read_v1_field(*obj, field, errors)) check_accepted(field.kind, *value);
    }
  }
  if (!errors.empty()) check_v1_error(errors.response());
}

// ---- Flask's writer (KPI and TeamFlow echo what they read through it) -----------------------

// Writes `value` with Flask's writer and reads it back. Its floats must be finite (the writer's
// precondition: JSON cannot spell the others, and the faces refuse them before they echo).
void check_flask_json(const json::value& value) {
  if (tandem::fuzz::has_non_finite(value)) return;
  std::string text = tandem::http::flask_json(value);
  FUZZ_CHECK(is_ascii(text));
  json::error_code ec;
  json::value back = json::parse(text, ec);
  FUZZ_CHECK(!ec && tandem::fuzz::same_json(back, value));
}

void check_flask_error(const Response& response, int status) {
  FUZZ_CHECK(response.status == status);
  FUZZ_CHECK(is_ascii(response.body));
  FUZZ_CHECK(is_utf8_json(response.body));
}

// ---- KPI ---------------------------------------------------------------------------------------

namespace kpi = tandem::faces::kpi;

void read_kpi_endpoint(std::uint8_t route, kpi::FieldReader& fields) {
  constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
  std::vector<std::optional<std::string>> strings;
  switch (route % 6) {
    case 0:  // session_routes: login
      strings.push_back(fields.required_string("email"));
      strings.push_back(fields.optional_string("password"));
      break;
    case 1:  // circle_routes: add
      strings.push_back(fields.required_string("name"));
      break;
    case 2:    // kpi_routes: add
    case 3: {  // kpi_routes: edit
      bool add = route % 6 == 2;
      fields.nullable_integer("circle_id");
      strings.push_back(add ? fields.required_string("name") : fields.optional_string("name"));
      fields.optional_enum("periodicity", tandem::domain::kpi::parse_periodicity, "periodicities");
      fields.optional_enum("unit", tandem::domain::kpi::parse_unit, "units");
      fields.optional_number("initial_value");
      fields.optional_number("target_value");
      fields.optional_boolean("active");
      break;
    }
    case 4: {  // value_routes: add
      auto month = fields.required_integer("period_month", 1, 12);
      if (month) FUZZ_CHECK(*month >= 1 && *month <= 12);
      fields.required_integer("kpi_id", 0, kMaxId);
      fields.required_integer("period_year", 1, 9999);
      fields.required_number("value");
      break;
    }
    default:  // value_routes: edit
      fields.required_number("value");
      break;
  }
  for (const auto& s : strings) {
    if (!s) continue;
    FUZZ_CHECK(!s->empty() && is_valid_utf8(*s));
    check_flask_json(json::value(*s));
  }
}

void fuzz_kpi(const Request& req, std::uint8_t route) {
  auto parsed = kpi::read_body_object(req);
  if (auto* rejected = std::get_if<Response>(&parsed)) return check_flask_error(*rejected, 400);
  const auto& body = std::get<json::object>(parsed);
  check_flask_json(body);
  kpi::FieldReader fields(body);
  read_kpi_endpoint(route, fields);
  if (fields.failed()) check_flask_error(fields.error(), 400);
}

// ---- TeamFlow ----------------------------------------------------------------------------------

namespace teamflow = tandem::faces::teamflow;

void fuzz_teamflow(const Request& req) {
  auto body = teamflow::read_json(req);
  if (!body) return check_flask_error(teamflow::error(400, teamflow::kInvalidJson), 400);
  check_flask_json(*body);
  if (!body->is_object()) return;
  // auth_routes (credentials) and task_routes (task fields) read these.
  for (std::string_view name :
       {"username", "password", "title", "description", "priority", "status"}) {
    auto field = teamflow::string_field(body->get_object(), name);
    FUZZ_CHECK(field.present || (!field.is_null && !field.is_string));
    FUZZ_CHECK(field.is_string == field.value.has_value());
    if (!field.value) continue;
    FUZZ_CHECK(is_valid_utf8(*field.value));
    if (name == "title" && !tandem::domain::board::check_title(*field.value))
      FUZZ_CHECK(tandem::domain::board::character_count(*field.value) <=
                 tandem::domain::board::kMaxTitleCharacters);
  }
}

std::string_view content_type(std::uint8_t selector) {
  static constexpr std::string_view kTypes[] = {
      "application/json", "application/json; charset=utf-8", "application/vnd.api+json",
      "text/plain",       "APPLICATION/JSON ; x=1",          ""};
  return kTypes[selector % (sizeof kTypes / sizeof kTypes[0])];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t endpoint = data[0];
  Request req;
  req.method = tandem::http::Method::post;
  if (auto type = content_type(data[1]); !type.empty())
    req.headers.push_back({"Content-Type", std::string(type)});
  req.body.assign(reinterpret_cast<const char*>(data + 2), size - 2);
  try {
    // The face is the endpoint byte modulo 3, the route the rest.
    const std::uint8_t route = endpoint / 3;
    switch (endpoint % 3) {
      case 0:
        fuzz_v1(req, kV1Endpoints[route % kV1Endpoints.size()]);
        break;
      case 1:
        fuzz_kpi(req, route);
        break;
      default:
        fuzz_teamflow(req);
        break;
    }
  } catch (...) {
    FUZZ_CHECK(!"an exception escaped a JSON reader");
  }
  return 0;
}
