#include "faces/teamflow/teamflow_render.hpp"

#include <cstdio>
#include <ctime>

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
