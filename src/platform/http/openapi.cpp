#include "platform/http/openapi.hpp"

#include <algorithm>
#include <cctype>

namespace tandem::http {

namespace json = boost::json;

RouteDoc describe(std::string summary, std::string tag, bool requires_auth,
                  json::value request_body, std::vector<RouteDoc::ResponseDoc> responses,
                  std::vector<RouteDoc::QueryParam> query) {
  RouteDoc d;
  d.summary = std::move(summary);
  d.tag = std::move(tag);
  d.requires_auth = requires_auth;
  d.request_body = std::move(request_body);
  d.responses = std::move(responses);
  d.query = std::move(query);
  return d;
}

namespace schema {
json::value string(bool nullable, std::string format) {
  json::object o{{"type", "string"}};
  if (!format.empty()) o["format"] = format;
  if (nullable) o["nullable"] = true;
  return o;
}
json::value integer() { return json::object{{"type", "integer"}}; }
json::value number() { return json::object{{"type", "number"}}; }
json::value boolean() { return json::object{{"type", "boolean"}}; }
json::value enumeration(const std::vector<std::string>& values, bool nullable) {
  json::array e;
  for (const auto& v : values) e.emplace_back(v);
  json::object o{{"type", "string"}, {"enum", std::move(e)}};
  if (nullable) o["nullable"] = true;
  return o;
}
json::value array_of(json::value items) {
  return json::object{{"type", "array"}, {"items", std::move(items)}};
}
json::value object(std::vector<std::pair<std::string, json::value>> properties,
                   std::vector<std::string> required) {
  json::object props;
  for (auto& [k, v] : properties) props[k] = std::move(v);
  json::object o{{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) {
    json::array r;
    for (auto& k : required) r.emplace_back(k);
    o["required"] = std::move(r);
  }
  return o;
}
json::value any_object() { return json::object{{"type", "object"}}; }
}  // namespace schema

namespace {

std::string lower_method(Method m) {
  std::string s(method_name(m));
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// OpenAPI path templates have no type suffix: {id:int} -> {id}.
std::string openapi_path(const std::string& pattern, json::array& path_params) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out.push_back(pattern[i]);
      continue;
    }
    auto close = pattern.find('}', i);
    std::string inner = pattern.substr(i + 1, close - i - 1);
    auto colon = inner.find(':');
    std::string name = inner.substr(0, colon);
    std::string type = colon == std::string::npos ? "" : inner.substr(colon + 1);
    json::object p{{"name", name}, {"in", "path"}, {"required", true}};
    p["schema"] = type == "int"    ? schema::integer()
                  : type == "uuid" ? schema::string(false, "uuid")
                                   : schema::string();
    path_params.push_back(std::move(p));
    out += "{" + name + "}";
    i = close;
  }
  return out;
}

}  // namespace

json::object render_openapi(const Router& router, const std::string& title,
                            const std::string& version) {
  json::object paths;
  for (const auto& route : router.routes()) {
    json::array params;
    std::string path = openapi_path(route->pattern, params);
    const auto& doc = route->doc;
    for (const auto& q : doc.query) {
      params.push_back(json::object{
          {"name", q.name}, {"in", "query"}, {"required", false}, {"schema", q.schema}});
    }
    json::object op;
    if (!doc.summary.empty()) op["summary"] = doc.summary;
    if (!doc.tag.empty()) op["tags"] = json::array{json::value(doc.tag)};
    op["operationId"] = lower_method(route->method) + "_" + path;
    if (!params.empty()) op["parameters"] = std::move(params);
    if (!doc.request_body.is_null()) {
      op["requestBody"] = json::object{
          {"required", true},
          {"content",
           json::object{{"application/json", json::object{{"schema", doc.request_body}}}}}};
    }
    if (doc.requires_auth)
      op["security"] = json::array{json::object{{"bearerAuth", json::array{}}}};
    json::object responses;
    for (const auto& r : doc.responses) {
      json::object resp{{"description", r.description}};
      if (!r.schema.is_null())
        resp["content"] = json::object{{"application/json", json::object{{"schema", r.schema}}}};
      responses[std::to_string(r.status)] = std::move(resp);
    }
    if (responses.empty()) responses["200"] = json::object{{"description", "OK"}};
    op["responses"] = std::move(responses);
    auto& item = paths[path];
    if (!item.is_object()) item = json::object{};
    item.as_object()[lower_method(route->method)] = std::move(op);
  }
  json::object doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = json::object{{"title", title}, {"version", version}};
  doc["paths"] = std::move(paths);
  doc["components"] = json::object{
      {"securitySchemes", json::object{{"bearerAuth", json::object{{"type", "http"},
                                                                   {"scheme", "bearer"},
                                                                   {"bearerFormat", "JWT"}}}}}};
  return doc;
}

}  // namespace tandem::http
