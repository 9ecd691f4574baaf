#include "faces/v1/v1_request.hpp"

#include <charconv>

#include "faces/v1/date_input.hpp"
#include "faces/v1/email_address.hpp"
#include "platform/uuid.hpp"

namespace tandem::faces::v1 {

namespace json = boost::json;

namespace {

json::array loc(std::string_view where, std::string_view name) {
  json::array a;
  a.emplace_back(where);
  if (!name.empty()) a.emplace_back(name);
  return a;
}

bool is_json_content_type(std::string_view ct) {
  auto semi = ct.find(';');
  auto media = ct.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  // FastAPI accepts application/json and any application/*+json.
  if (http::iequals(media, "application/json")) return true;
  return media.size() > 5 && http::iequals(media.substr(0, 12), "application/") &&
         http::iequals(media.substr(media.size() - 5), "+json");
}

// Checks a present value at loc (where, name): the canonical text, or the error recorded.
using Check = std::optional<std::string> (*)(const json::value& v, std::string_view where,
                                             std::string_view name, ValidationErrors& errors);

// Required field: absent -> "missing", else `check` decides.
std::optional<std::string> required_checked(const json::object& obj, std::string_view name,
                                            ValidationErrors& errors, Check check) {
  auto* v = obj.if_contains(name);
  if (v == nullptr) {
    errors.add("missing", loc("body", name), "Field required", obj);
    return std::nullopt;
  }
  return check(*v, "body", name, errors);
}

// Optional field that may be null; a value `check` rejects reads as absent.
Field<std::string> nullable_checked(const json::object& obj, std::string_view name,
                                    ValidationErrors& errors, Check check) {
  Field<std::string> f;
  auto* v = obj.if_contains(name);
  if (v == nullptr) return f;
  f.present = true;
  if (v->is_null()) return f;
  f.value = check(*v, "body", name, errors);
  if (!f.value) f.present = false;
  return f;
}

}  // namespace

std::variant<JsonBody, http::Response> read_json_body(const http::Request& req) {
  JsonBody body;
  if (req.body.empty()) return body;
  body.present = true;
  auto ct = req.header("content-type");
  if (ct && !is_json_content_type(*ct)) {
    body.json_content = false;
    return body;
  }
  json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(req.body.data(), req.body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    ValidationErrors errors;
    json::array l;
    l.emplace_back("body");
    l.emplace_back(static_cast<std::int64_t>(consumed));
    json::object ctx;
    ctx["error"] = "Expecting value";
    errors.add("json_invalid", std::move(l), "JSON decode error", json::object{}, std::move(ctx));
    return errors.response();
  }
  body.value = parser.release();
  return body;
}

const json::object* body_object(const JsonBody& body, ValidationErrors& errors) {
  if (!body.present) {
    errors.add("missing", loc("body", ""), "Field required", nullptr);
    return nullptr;
  }
  if (!body.json_content) {
    errors.add("model_attributes_type", loc("body", ""),
               "Input should be a valid dictionary or object to extract fields from", "");
    return nullptr;
  }
  if (!body.value.is_object()) {
    errors.add("model_attributes_type", loc("body", ""),
               "Input should be a valid dictionary or object to extract fields from", body.value);
    return nullptr;
  }
  return &body.value.get_object();
}

std::optional<std::string> required_string(const json::object& obj, std::string_view name,
                                           ValidationErrors& errors) {
  auto* v = obj.if_contains(name);
  if (v == nullptr) {
    errors.add("missing", loc("body", name), "Field required", obj);
    return std::nullopt;
  }
  if (!v->is_string()) {
    errors.add("string_type", loc("body", name), "Input should be a valid string", *v);
    return std::nullopt;
  }
  return std::string(v->get_string());
}

Field<std::string> optional_string(const json::object& obj, std::string_view name,
                                   ValidationErrors& errors, bool nullable) {
  Field<std::string> f;
  auto* v = obj.if_contains(name);
  if (v == nullptr) return f;
  f.present = true;
  if (v->is_null() && nullable) return f;
  if (!v->is_string()) {
    errors.add("string_type", loc("body", name), "Input should be a valid string", *v);
    f.present = false;
    return f;
  }
  f.value = std::string(v->get_string());
  return f;
}

namespace {
std::optional<std::string> check_email(const json::value& v, std::string_view where,
                                       std::string_view name, ValidationErrors& errors) {
  if (!v.is_string()) {
    errors.add("string_type", loc(where, name), "Input should be a valid string", v);
    return std::nullopt;
  }
  std::string reason;
  auto normalised = validate_email(v.get_string(), reason);
  if (!normalised) {
    json::object ctx;
    ctx["reason"] = reason;
    errors.add("value_error", loc(where, name), "value is not a valid email address: " + reason, v,
               std::move(ctx));
  }
  return normalised;
}
}  // namespace

std::optional<std::string> required_email(const json::object& obj, std::string_view name,
                                          ValidationErrors& errors) {
  return required_checked(obj, name, errors, check_email);
}

Field<std::string> optional_email(const json::object& obj, std::string_view name,
                                  ValidationErrors& errors) {
  return nullable_checked(obj, name, errors, check_email);
}

std::string enum_expected(const std::vector<std::string_view>& allowed) {
  std::string out;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) out += i + 1 == allowed.size() ? " or " : ", ";
    out += "'" + std::string(allowed[i]) + "'";
  }
  return out;
}

Field<std::string> optional_enum(const json::object& obj, std::string_view name,
                                 const std::vector<std::string_view>& allowed, bool nullable,
                                 ValidationErrors& errors) {
  Field<std::string> f;
  auto* v = obj.if_contains(name);
  if (v == nullptr) return f;
  if (v->is_null() && nullable) {
    f.present = true;
    return f;
  }
  if (v->is_string()) {
    for (auto a : allowed) {
      if (v->get_string() == a) {
        f.present = true;
        f.value = std::string(a);
        return f;
      }
    }
  }
  auto expected = enum_expected(allowed);
  json::object ctx;
  ctx["expected"] = expected;
  errors.add("enum", loc("body", name), "Input should be " + expected, *v, std::move(ctx));
  return f;
}

std::optional<std::string> required_enum(const json::object& obj, std::string_view name,
                                         const std::vector<std::string_view>& allowed,
                                         ValidationErrors& errors) {
  if (!obj.contains(name)) {
    errors.add("missing", loc("body", name), "Field required", obj);
    return std::nullopt;
  }
  return optional_enum(obj, name, allowed, false, errors).value;
}

Field<std::string> optional_date(const json::object& obj, std::string_view name,
                                 ValidationErrors& errors) {
  Field<std::string> f;
  auto* v = obj.if_contains(name);
  if (v == nullptr) return f;
  f.present = true;
  if (v->is_null() || (v->is_string() && v->get_string().empty())) return f;
  if (!v->is_string()) {
    errors.add("date_type", loc("body", name), "Input should be a valid date", *v);
    f.present = false;
    return f;
  }
  auto parsed = parse_date_input(v->get_string());
  if (auto* date = std::get_if<std::string>(&parsed)) {
    f.value = std::move(*date);
    return f;
  }
  const auto& error = std::get<DateInputError>(parsed);
  if (error.reason.empty()) {
    errors.add(error.type, loc("body", name),
               "Datetimes provided to dates should have zero time - e.g. be exact dates", *v);
  } else {
    json::object ctx;
    ctx["error"] = error.reason;
    errors.add(error.type, loc("body", name),
               "Input should be a valid date or datetime, " + error.reason, *v, std::move(ctx));
  }
  f.present = false;
  return f;
}

namespace {
// A UUID value that is present: canonical form, or the error recorded.
std::optional<std::string> check_uuid(const json::value& v, std::string_view where,
                                      std::string_view name, ValidationErrors& errors) {
  if (!v.is_string()) {
    errors.add("uuid_type", loc(where, name), "UUID input should be a string, bytes or UUID object",
               v);
    return std::nullopt;
  }
  platform::UuidParseError error;
  auto parsed = platform::parse_uuid(v.get_string(), &error);
  if (!parsed) {
    json::object ctx;
    ctx["error"] = error.reason;
    errors.add("uuid_parsing", loc(where, name), "Input should be a valid UUID, " + error.reason, v,
               std::move(ctx));
  }
  return parsed;
}
}  // namespace

std::optional<std::string> required_uuid(const json::object& obj, std::string_view name,
                                         ValidationErrors& errors) {
  return required_checked(obj, name, errors, check_uuid);
}

Field<std::string> optional_uuid(const json::object& obj, std::string_view name,
                                 ValidationErrors& errors) {
  return nullable_checked(obj, name, errors, check_uuid);
}

std::optional<std::string> query_uuid(const http::Request& req, std::string_view name,
                                      ValidationErrors& errors) {
  auto raw = req.query(name);
  if (!raw || raw->empty()) return std::nullopt;
  return check_uuid(json::string(*raw), "query", name, errors);
}

std::int64_t query_non_negative_int(const http::Request& req, std::string_view name,
                                    std::int64_t fallback, ValidationErrors& errors) {
  auto raw = req.query(name);
  if (!raw) return fallback;
  std::string_view s = *raw;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  std::string_view digits = s;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) digits.remove_prefix(1);
  std::int64_t value = 0;
  auto [p, ec] = std::from_chars(s.data() + (s.size() - digits.size()), s.data() + s.size(), value);
  if (digits.empty() || ec != std::errc{} || p != s.data() + s.size()) {
    errors.add("int_parsing", loc("query", name),
               "Input should be a valid integer, unable to parse string as an integer",
               json::string(*raw));
    return fallback;
  }
  if (!s.empty() && s.front() == '-') value = -value;
  if (value < 0) {
    json::object ctx;
    ctx["ge"] = 0;
    errors.add("greater_than_equal", loc("query", name),
               "Input should be greater than or equal to 0", json::string(*raw), std::move(ctx));
    return fallback;
  }
  return value;
}

std::string query_filter(const http::Request& req, std::string_view name) {
  return req.query(name).value_or("");
}

std::optional<std::string> path_uuid(const http::Request& req, std::string_view name,
                                     ValidationErrors& errors) {
  const std::string* raw = req.path_param(name);
  if (raw == nullptr) return std::nullopt;
  return check_uuid(json::string(*raw), "path", name, errors);
}

}  // namespace tandem::faces::v1
