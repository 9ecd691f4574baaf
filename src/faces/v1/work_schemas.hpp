#pragma once
// JSON Schemas of the v1 work API's bodies, for /openapi.json.
#include <boost/json/value.hpp>

namespace tandem::faces::v1::schemas {

boost::json::value project_status();
boost::json::value project_response();
boost::json::value project_created_response();
boost::json::value project_create_request();
boost::json::value project_update_request();
boost::json::value progress_response();
boost::json::value member_brief();
boost::json::value message_response();

boost::json::value task_status();
boost::json::value task_priority();
boost::json::value task_response();
boost::json::value task_create_request();
boost::json::value task_update_request();
boost::json::value task_move_request();

boost::json::value project_report_response();
boost::json::value team_performance_row();
boost::json::value workload_row();
boost::json::value dashboard_response();

}  // namespace tandem::faces::v1::schemas
