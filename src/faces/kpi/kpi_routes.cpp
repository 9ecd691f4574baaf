#include "faces/kpi/kpi_routes.hpp"

#include "domain/kpi/kpi_enums.hpp"
#include "faces/kpi/kpi_errors.hpp"
#include "faces/kpi/kpi_handler.hpp"
#include "faces/kpi/kpi_json.hpp"
#include "faces/kpi/kpi_render.hpp"
#include "faces/kpi/kpi_request.hpp"
#include "faces/kpi/kpi_schemas.hpp"
#include "platform/http/openapi.hpp"
#include "platform/json_build.hpp"

namespace tandem::faces::kpi {

namespace json = boost::json;
using domain::kpi::KpiWriteFailure;
using http::Request;
using http::Response;
using platform::render_each;

namespace {

constexpr std::string_view kNotGatekeeper = "User is not a gatekeeper. Unauthorized Access";
constexpr std::string_view kPeriodicities = "yearly, quarterly, monthly";
constexpr std::string_view kUnits = "chf, percentage (%), amount, score";

// The fields both add and edit read (§5.4: nothing else, so id and the like cannot be set).
struct KpiFields {
  Field<std::int64_t> circle_id;
  std::optional<std::string> name;
  std::optional<domain::kpi::Periodicity> periodicity;
  std::optional<domain::kpi::Unit> unit;
  std::optional<double> initial_value;
  std::optional<double> target_value;
  std::optional<bool> active;
};

KpiFields read_kpi_fields(FieldReader& fields, bool add) {
  KpiFields f;
  f.circle_id = fields.nullable_integer("circle_id");
  f.name = add ? fields.required_string("name") : fields.optional_string("name");
  f.periodicity =
      fields.optional_enum("periodicity", domain::kpi::parse_periodicity, kPeriodicities);
  f.unit = fields.optional_enum("unit", domain::kpi::parse_unit, kUnits);
  f.initial_value = fields.optional_number("initial_value");
  f.target_value = fields.optional_number("target_value");
  f.active = fields.optional_boolean("active");
  if (add) {
    // Columns without a default: the original failed on them with a 500.
    if (!f.periodicity) fields.fail("periodicity is required");
    if (!f.unit) fields.fail("unit is required");
    if (!f.target_value) fields.fail("target_value is required");
  }
  return f;
}

Response write_failure(KpiWriteFailure failure) {
  switch (failure) {
    case KpiWriteFailure::not_gatekeeper:
      return message(403, kNotGatekeeper);
    case KpiWriteFailure::kpi_not_found:
      return message(404, "KPI Not Found");  // no period here, unlike GET (§2.10)
    case KpiWriteFailure::circle_not_found:
      return message(404, "Circle Not Found.");
    case KpiWriteFailure::name_taken:
      return message(400, "KPI name already exists. Choose a different name.");
  }
  return internal_error();
}

boost::asio::awaitable<Response> handle_list(KpiContext& ctx, Request&, Call&) {
  auto kpis = co_await ctx.kpi.kpis();
  if (kpis.empty()) co_return message(404, "KPIs Not Found.");
  json::object body;
  body["kpi_list"] = render_each(kpis, render_kpi);
  co_return json_response(200, body);
}

boost::asio::awaitable<Response> handle_get(KpiContext& ctx, Request& req, Call&) {
  auto id = path_id(req, "kpi_id");
  if (!id) co_return message(404, "KPI Not Found.");
  auto kpi = co_await ctx.kpi.kpi(*id);
  if (!kpi) co_return message(404, "KPI Not Found.");
  json::object body;
  body["kpi"] = render_kpi(*kpi);
  co_return json_response(200, body);
}

boost::asio::awaitable<Response> handle_add(KpiContext& ctx, Request&, Call& call) {
  const auto& caller = call.caller();
  // The original checked the role before it looked at the fields.
  if (!domain::kpi::is_gatekeeper(caller)) co_return message(403, kNotGatekeeper);
  FieldReader fields(call.body);
  auto f = read_kpi_fields(fields, true);
  if (fields.failed()) co_return fields.error();
  store::NewKpi kpi;
  kpi.circle_id = f.circle_id.value;
  kpi.name = std::move(*f.name);
  kpi.periodicity = domain::kpi::stored_name(*f.periodicity);
  kpi.unit = domain::kpi::stored_name(*f.unit);
  kpi.initial_value = f.initial_value.value_or(0);
  kpi.target_value = *f.target_value;
  kpi.active = f.active.value_or(true);
  auto failure = co_await ctx.kpi.add_kpi(caller, std::move(kpi));
  if (failure) co_return write_failure(*failure);
  co_return message(201, "KPI created successfully");
}

boost::asio::awaitable<Response> handle_edit(KpiContext& ctx, Request& req, Call& call) {
  const auto& caller = call.caller();
  if (!domain::kpi::is_gatekeeper(caller)) co_return message(403, kNotGatekeeper);
  auto id = path_id(req, "kpi_id");
  if (!id) co_return message(404, "KPI Not Found");
  FieldReader fields(call.body);
  auto f = read_kpi_fields(fields, false);
  if (fields.failed()) co_return fields.error();
  store::KpiPatch patch;
  patch.set_circle = f.circle_id.present;
  patch.circle_id = f.circle_id.value;
  patch.name = std::move(f.name);
  if (f.periodicity) patch.periodicity = std::string(domain::kpi::stored_name(*f.periodicity));
  if (f.unit) patch.unit = std::string(domain::kpi::stored_name(*f.unit));
  patch.initial_value = f.initial_value;
  patch.target_value = f.target_value;
  patch.active = f.active;
  auto failure = co_await ctx.kpi.edit_kpi(caller, *id, std::move(patch));
  if (failure) co_return write_failure(*failure);
  co_return message(200, "KPI Updated Successfully");
}

}  // namespace

void add_kpi_routes(http::Router& router, KpiContext& ctx) {
  using http::Method;
  add_route(router, ctx, Method::get, "/kpis", Body::none, handle_list,
            http::describe("Every KPI, inactive ones included", "kpi", true, nullptr,
                           {{200, "KPIs by id",
                             schemas::wrapped("kpi_list", http::schema::array_of(schemas::kpi()))},
                            {404, "KPIs Not Found. (there are none)", schemas::message()}}));
  add_route(router, ctx, Method::get, "/kpis/{kpi_id:int}", Body::none, handle_get,
            http::describe("One KPI", "kpi", true, nullptr,
                           {{200, "The KPI", schemas::wrapped("kpi", schemas::kpi())},
                            {404, "KPI Not Found.", schemas::message()}}));
  add_route(router, ctx, Method::post, "/kpis/add", Body::object, handle_add,
            http::describe("Add a KPI (gatekeepers)", "kpi", true, schemas::kpi_request(true),
                           {{201, "KPI created successfully", schemas::message()},
                            {400, "Invalid field or name taken", schemas::message()},
                            {403, "Not a gatekeeper", schemas::message()},
                            {404, "Circle Not Found.", schemas::message()}}));
  add_route(router, ctx, Method::put, "/kpis/{kpi_id:int}/edit", Body::object, handle_edit,
            http::describe("Change some fields of a KPI (gatekeepers); active false removes it",
                           "kpi", true, schemas::kpi_request(false),
                           {{200, "KPI Updated Successfully", schemas::message()},
                            {400, "Invalid field or name taken", schemas::message()},
                            {403, "Not a gatekeeper", schemas::message()},
                            {404, "KPI Not Found / Circle Not Found.", schemas::message()}}));
}

}  // namespace tandem::faces::kpi
