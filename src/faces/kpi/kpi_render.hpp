#pragma once
// The original's to_dict() shapes (spec/kpi.md §1.2-§1.7, §2.16): timestamps as HTTP-dates,
// enums by display value, float columns as floats. Key order is irrelevant: kpi_json sorts.

#include <boost/json.hpp>

#include "domain/kpi/kpi_service.hpp"

namespace tandem::faces::kpi {

// The 8-key user dict, from the shared users table.
boost::json::object render_user(const store::UserRecord& user);
// The user dict plus "circles".
boost::json::object render_user(const domain::kpi::UserWithCircles& user);
boost::json::object render_circle(const store::CircleRecord& circle);
boost::json::object render_kpi(const store::KpiRecord& kpi);
boost::json::object render_kpi_value(const store::KpiValueRecord& value);
// The same bytes as flask_json(render_kpi_value(value)) without the trailing newline, appended
// to `out` directly (no tree per row).
void append_kpi_value_json(std::string& out, const store::KpiValueRecord& value);
// flask_json of {"KPI_Values": [render_kpi_value...]}, trailing newline included.
std::string render_kpi_values_body(const std::vector<store::KpiValueRecord>& values);
boost::json::object render_change_log(const store::ChangeLogRecord& entry);
boost::json::object render_change_feed_row(const store::ChangeFeedRow& row);

// A user's display name as the change log shows it; users made by other faces may lack one.
std::string display_name_of(const store::UserRecord& user);

}  // namespace tandem::faces::kpi
