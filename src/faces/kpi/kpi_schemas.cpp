#include "faces/kpi/kpi_schemas.hpp"

#include "platform/http/openapi.hpp"

namespace tandem::faces::kpi::schemas {

namespace s = http::schema;

boost::json::value message() { return s::object({{"message", s::string()}}, {"message"}); }
boost::json::value msg() { return s::object({{"msg", s::string()}}, {"msg"}); }

boost::json::value user(bool with_circles) {
  std::vector<std::pair<std::string, boost::json::value>> props = {
      {"id", s::integer()},           {"first_name", s::string(true)},
      {"last_name", s::string(true)}, {"display_name", s::string()},
      {"email", s::string(true)},     {"user_login_name", s::string(true)},
      {"active", s::boolean()},       {"is_gatekeeper", s::boolean()}};
  if (with_circles) props.emplace_back("circles", s::array_of(circle()));
  return s::object(std::move(props));
}

boost::json::value circle() { return s::object({{"id", s::integer()}, {"name", s::string()}}); }

boost::json::value kpi() {
  return s::object({{"id", s::integer()},
                    {"circle_id", s::integer()},
                    {"name", s::string()},
                    {"periodicity", s::enumeration({"Yearly", "Quarterly", "Monthly"})},
                    {"unit", s::enumeration({"CHF", "%", "Amount", "Score"})},
                    {"initial_value", s::number()},
                    {"target_value", s::number()},
                    {"active", s::boolean()}});
}

boost::json::value kpi_value() {
  return s::object({{"id", s::integer()},
                    {"kpi_id", s::integer()},
                    {"period_year", s::integer()},
                    {"period_month", s::integer()},
                    {"value", s::number()},
                    {"created_by_user_id", s::integer()},
                    {"created_at", s::string(false, "http-date")},
                    {"updated_by_user_id", s::integer()},
                    {"updated_at", s::string(false, "http-date")}});
}

boost::json::value change_log_entry() {
  return s::object({{"id", s::integer()},
                    {"kpi_value_id", s::integer()},
                    {"user_id", s::integer()},
                    {"registered_at", s::string(false, "http-date")},
                    {"activity", s::enumeration({"Created", "Updated"})}});
}

boost::json::value change_feed_row() {
  return s::object({{"value", s::number()},
                    {"kpi_name", s::string()},
                    {"username", s::string(true)},
                    {"activity", s::enumeration({"Created", "Updated"})},
                    {"registered_at", s::string(false, "http-date")}});
}

boost::json::value login_request() {
  return s::object({{"email", s::string()}, {"password", s::string()}}, {"email"});
}

boost::json::value circle_request() { return s::object({{"name", s::string()}}, {"name"}); }

boost::json::value kpi_request(bool all_required) {
  std::vector<std::string> required;
  if (all_required) required = {"name", "periodicity", "unit", "target_value"};
  return s::object({{"circle_id", s::integer()},
                    {"name", s::string()},
                    {"periodicity", s::string()},
                    {"unit", s::string()},
                    {"initial_value", s::number()},
                    {"target_value", s::number()},
                    {"active", s::boolean()}},
                   required);
}

boost::json::value value_add_request() {
  return s::object({{"kpi_id", s::integer()},
                    {"period_year", s::integer()},
                    {"period_month", s::integer()},
                    {"value", s::number()}},
                   {"kpi_id", "period_year", "period_month", "value"});
}

boost::json::value value_edit_request() { return s::object({{"value", s::number()}}, {"value"}); }

boost::json::value wrapped(const char* key, boost::json::value schema) {
  return s::object({{key, std::move(schema)}});
}

}  // namespace tandem::faces::kpi::schemas
