#include "faces/teamflow/teamflow_render.hpp"

#include <cstdio>
#include <ctime>

#include "platform/clock.hpp"
#include "platform/flask_json.hpp"

namespace tandem::faces::teamflow {

std::string naive_utc_timestamp(std::int64_t micros) {
  std::int64_t secs = micros / 1'000'000;
  std::int64_t frac = micros % 1'000'000;
  if (frac < 0) {
    frac += 1'000'000;
    --secs;
  }
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];  // room for any int the compiler can prove
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lld", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(frac));
  return buf;
}

boost::json::object render_task(const store::BoardTaskRecord& t) {
  boost::json::object o;
  o.reserve(8);
  o["created_at"] = naive_utc_timestamp(t.created_at);
  o["created_by"] = t.created_by;
  if (t.description)
    o["description"] = *t.description;
  else
    o["description"] = nullptr;
  o["id"] = t.id;
  o["priority"] = t.priority;
  o["status"] = t.status;
  o["title"] = t.title;
  o["updated_at"] = naive_utc_timestamp(t.updated_at);
  return o;
}

void append_task_json(std::string& out, const store::BoardTaskRecord& t) {
  // Keys in sorted order, as flask_json writes them.
  out += "{\"created_at\":\"";
  platform::append_naive_iso8601_micros(out, t.created_at);
  out += "\",\"created_by\":";
  http::append_json_integer(out, t.created_by);
  out += ",\"description\":";
  if (t.description)
    http::append_json_string(out, *t.description);
  else
    out += "null";
  out += ",\"id\":";
  http::append_json_integer(out, t.id);
  out += ",\"priority\":";
  http::append_json_string(out, t.priority);
  out += ",\"status\":";
  http::append_json_string(out, t.status);
  out += ",\"title\":";
  http::append_json_string(out, t.title);
  out += ",\"updated_at\":\"";
  platform::append_naive_iso8601_micros(out, t.updated_at);
  out += "\"}";
}

std::string render_task_list(const std::vector<store::BoardTaskRecord>& tasks) {
  std::string out;
  // About 200 bytes of keys, numbers and timestamps per row besides its own text.
  std::size_t estimate = 4;
  for (const auto& t : tasks)
    estimate += 208 + t.title.size() + t.priority.size() + t.status.size() +
                (t.description ? t.description->size() : 0);
  out.reserve(estimate);
  out.push_back('[');
  bool first = true;
  for (const auto& t : tasks) {
    if (!first) out.push_back(',');
    first = false;
    append_task_json(out, t);
  }
  out += "]\n";
  return out;
}

boost::json::object render_user(const store::UserRecord& u) {
  boost::json::object o;
  o["created_at"] = naive_utc_timestamp(u.created_at);
  o["id"] = u.id;
  // Users made by other faces may have no username.
  if (u.username)
    o["username"] = *u.username;
  else
    o["username"] = nullptr;
  return o;
}

}  // namespace tandem::faces::teamflow
