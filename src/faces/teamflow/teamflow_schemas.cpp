#include "faces/teamflow/teamflow_schemas.hpp"

#include "platform/http/openapi.hpp"

namespace tandem::faces::teamflow::schemas {

namespace s = http::schema;
namespace json = boost::json;

namespace {
json::value priority() { return s::enumeration({"low", "medium", "high"}); }
json::value status() { return s::enumeration({"todo", "in_progress", "done"}); }
}  // namespace

json::value error() { return s::object({{"error", s::string()}}, {"error"}); }

json::value message() { return s::object({{"message", s::string()}}, {"message"}); }

json::value task() {
  return s::object(
      {{"created_at", s::string()},
       {"created_by", s::integer()},
       {"description", s::string(true)},
       {"id", s::integer()},
       {"priority", priority()},
       {"status", status()},
       {"title", s::string()},
       {"updated_at", s::string()}},
      {"created_at", "description", "id", "priority", "status", "title", "updated_at"});
}

json::value user() {
  return s::object(
      {{"created_at", s::string()}, {"id", s::integer()}, {"username", s::string(true)}},
      {"created_at", "id", "username"});
}

json::value credentials() {
  return s::object({{"username", s::string()}, {"password", s::string()}},
                   {"username", "password"});
}

json::value session(bool with_message) {
  std::vector<std::pair<std::string, json::value>> props = {{"token", s::string()},
                                                            {"user", user()}};
  std::vector<std::string> required = {"token", "user"};
  if (with_message) {
    props.emplace_back("message", s::string());
    required.emplace_back("message");
  }
  return s::object(std::move(props), std::move(required));
}

json::value task_request(bool title_required) {
  std::vector<std::string> required;
  if (title_required) required.emplace_back("title");
  return s::object({{"title", s::string()},
                    {"description", s::string(true)},
                    {"priority", priority()},
                    {"status", status()}},
                   std::move(required));
}

json::value health() {
  return s::object({{"status", s::string()}, {"database", s::string()}, {"timestamp", s::string()}},
                   {"status", "database", "timestamp"});
}

}  // namespace tandem::faces::teamflow::schemas
