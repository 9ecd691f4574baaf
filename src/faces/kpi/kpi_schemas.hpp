#pragma once
// JSON Schemas of the KPI face for /openapi.json.

#include <boost/json/value.hpp>

namespace tandem::faces::kpi::schemas {

boost::json::value message();  // {"message": str}
boost::json::value msg();      // {"msg": str}
boost::json::value user(bool with_circles);
boost::json::value circle();
boost::json::value kpi();
boost::json::value kpi_value();
boost::json::value change_log_entry();
boost::json::value change_feed_row();
boost::json::value login_request();
boost::json::value circle_request();
boost::json::value kpi_request(bool all_required);
boost::json::value value_add_request();
boost::json::value value_edit_request();
// {key: schema}
boost::json::value wrapped(const char* key, boost::json::value schema);

}  // namespace tandem::faces::kpi::schemas
