#include "faces/kpi/kpi_render.hpp"

#include "domain/kpi/kpi_enums.hpp"
#include "platform/clock.hpp"
#include "platform/flask_json.hpp"
#include "platform/json_build.hpp"

namespace tandem::faces::kpi {

namespace json = boost::json;
using platform::render_each;
using platform::value_or_null;

namespace {

// Stored timestamps are microseconds; Flask rendered naive datetimes to the second.
// Rows written together share their second, so the last one formatted is kept per thread.
std::string http_date(std::int64_t micros) {
  std::int64_t seconds = micros / 1'000'000 - (micros % 1'000'000 < 0 ? 1 : 0);
  thread_local std::int64_t cached_seconds = -1;
  thread_local std::string cached_text;
  if (seconds != cached_seconds) {
    cached_text = platform::format_http_date(seconds);
    cached_seconds = seconds;
  }
  return cached_text;
}

}  // namespace

std::string display_name_of(const store::UserRecord& user) {
  if (user.display_name) return *user.display_name;
  if (user.name) return *user.name;
  if (user.username) return *user.username;
  return user.email.value_or("");
}

json::object render_user(const store::UserRecord& user) {
  json::object o;
  o["id"] = user.id;
  o["first_name"] = value_or_null(user.first_name);
  o["last_name"] = value_or_null(user.last_name);
  o["display_name"] = display_name_of(user);
  o["email"] = value_or_null(user.email);
  o["user_login_name"] = value_or_null(user.username);
  o["active"] = user.active;
  o["is_gatekeeper"] = domain::kpi::is_gatekeeper(user);
  return o;
}

json::object render_user(const domain::kpi::UserWithCircles& user) {
  json::object o = render_user(user.user);
  o["circles"] = render_each(user.circles, render_circle);
  return o;
}

json::object render_circle(const store::CircleRecord& circle) {
  json::object o;
  o["id"] = circle.id;
  o["name"] = circle.name;
  return o;
}

json::object render_kpi(const store::KpiRecord& kpi) {
  json::object o;
  o["id"] = kpi.id;
  o["circle_id"] = value_or_null(kpi.circle_id);
  o["name"] = kpi.name;
  o["periodicity"] = domain::kpi::periodicity_display(kpi.periodicity);
  o["unit"] = domain::kpi::unit_display(kpi.unit);
  o["initial_value"] = kpi.initial_value;
  o["target_value"] = kpi.target_value;
  o["active"] = kpi.active;
  return o;
}

json::object render_kpi_value(const store::KpiValueRecord& v) {
  json::object o(9);  // keys in sorted order, so kpi_json need not sort them
  o["created_at"] = http_date(v.created_at);
  o["created_by_user_id"] = value_or_null(v.created_by_user_id);
  o["id"] = v.id;
  o["kpi_id"] = v.kpi_id;
  o["period_month"] = v.period_month;
  o["period_year"] = v.period_year;
  o["updated_at"] = http_date(v.updated_at);
  o["updated_by_user_id"] = value_or_null(v.updated_by_user_id);
  o["value"] = v.value;
  return o;
}

namespace {

void append_int_or_null(std::string& out, const std::optional<std::int64_t>& v) {
  if (v)
    http::append_json_integer(out, *v);
  else
    out += "null";
}

// http_date's text, appended; formatting arithmetically is cheaper than the cache's copy.
void append_http_date_micros(std::string& out, std::int64_t micros) {
  std::int64_t seconds = micros / 1'000'000 - (micros % 1'000'000 < 0 ? 1 : 0);
  platform::append_http_date(out, seconds);
}

}  // namespace

void append_kpi_value_json(std::string& out, const store::KpiValueRecord& v) {
  // Keys in sorted order, as flask_json writes them.
  out += "{\"created_at\":\"";
  append_http_date_micros(out, v.created_at);
  out += "\",\"created_by_user_id\":";
  append_int_or_null(out, v.created_by_user_id);
  out += ",\"id\":";
  http::append_json_integer(out, v.id);
  out += ",\"kpi_id\":";
  http::append_json_integer(out, v.kpi_id);
  out += ",\"period_month\":";
  http::append_json_integer(out, v.period_month);
  out += ",\"period_year\":";
  http::append_json_integer(out, v.period_year);
  out += ",\"updated_at\":\"";
  append_http_date_micros(out, v.updated_at);
  out += "\",\"updated_by_user_id\":";
  append_int_or_null(out, v.updated_by_user_id);
  out += ",\"value\":";
  http::append_python_float(out, v.value);
  out.push_back('}');
}

std::string render_kpi_values_body(const std::vector<store::KpiValueRecord>& values) {
  std::string out;
  // A row is about 230 bytes; 256 leaves room for long ids and values.
  out.reserve(24 + values.size() * 256);
  out += "{\"KPI_Values\":[";
  bool first = true;
  for (const auto& v : values) {
    if (!first) out.push_back(',');
    first = false;
    append_kpi_value_json(out, v);
  }
  out += "]}\n";
  return out;
}

json::object render_change_log(const store::ChangeLogRecord& e) {
  json::object o;
  o["id"] = e.id;
  o["kpi_value_id"] = e.kpi_value_id;
  o["user_id"] = value_or_null(e.user_id);
  o["registered_at"] = http_date(e.registered_at);
  o["activity"] = e.activity;
  return o;
}

json::object render_change_feed_row(const store::ChangeFeedRow& row) {
  json::object o;
  o["value"] = row.value;
  o["kpi_name"] = row.kpi_name;
  o["username"] = value_or_null(row.username);
  o["activity"] = row.activity;
  o["registered_at"] = http_date(row.registered_at);
  return o;
}

}  // namespace tandem::faces::kpi
