#include "faces/v1/v1_schemas.hpp"

#include "platform/http/openapi.hpp"

namespace tandem::faces::v1::schemas {

namespace s = http::schema;

boost::json::value register_request() {
  return s::object(
      {{"name", s::string()}, {"email", s::string(false, "email")}, {"password", s::string()}},
      {"name", "email", "password"});
}

boost::json::value login_request() {
  return s::object({{"email", s::string(false, "email")}, {"password", s::string()}},
                   {"email", "password"});
}

boost::json::value user_response() {
  return s::object({{"name", s::string()},
                    {"email", s::string(false, "email")},
                    {"role", s::enumeration({"admin", "member"})},
                    {"id", s::string(false, "uuid")},
                    {"created_at", s::string(false, "date-time")},
                    {"updated_at", s::string(false, "date-time")}});
}

boost::json::value auth_response() {
  return s::object({{"access_token", s::string()},
                    {"token_type", s::string()},
                    {"user", s::object({{"id", s::string(false, "uuid")},
                                        {"name", s::string()},
                                        {"email", s::string()},
                                        {"role", s::enumeration({"admin", "member"})}})}});
}

boost::json::value token_response() {
  return s::object({{"access_token", s::string()}, {"token_type", s::string()}});
}

boost::json::value user_update_request() {
  return s::object({{"name", s::string(true)},
                    {"email", s::string(true, "email")},
                    {"role", s::enumeration({"admin", "member"}, true)},
                    {"password", s::string(true)}});
}

boost::json::value detail_error() { return s::object({{"detail", s::string()}}); }

}  // namespace tandem::faces::v1::schemas
