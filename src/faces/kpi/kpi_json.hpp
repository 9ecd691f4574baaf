#pragma once
// The KPI face writes Flask's JSON (spec/kpi.md §1.9); the writer is shared with the TeamFlow
// face and lives in the platform.

#include "platform/flask_json.hpp"

namespace tandem::faces::kpi {

using http::append_python_float;
using http::flask_json;

inline http::Response json_response(int status, const boost::json::value& body) {
  return http::flask_json_response(status, body);
}

}  // namespace tandem::faces::kpi
