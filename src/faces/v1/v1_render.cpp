#include "faces/v1/v1_render.hpp"

#include "faces/v1/v1_auth.hpp"
#include "platform/clock.hpp"
#include "platform/json_string.hpp"

namespace tandem::faces::v1 {

namespace {

void append_user_json(std::string& out, const store::UserRecord& u) {
  // UserResponse's field order; written directly, as this is the hottest answer of the face.
  using platform::append_json_string_utf8;
  out += "{\"name\":";
  append_json_string_utf8(out, u.name.value_or(""));
  out += ",\"email\":";
  if (u.email)
    append_json_string_utf8(out, *u.email);
  else
    out += "null";
  out += ",\"role\":\"";
  out += v1_role(u);
  out += "\",\"id\":";
  append_json_string_utf8(out, u.uuid);
  out += ",\"created_at\":\"";
  out += platform::format_iso8601_micros(u.created_at);
  out += "\",\"updated_at\":\"";
  out += platform::format_iso8601_micros(u.updated_at);
  out += "\"}";
}

}  // namespace

std::string render_user(const store::UserRecord& user) {
  std::string out;
  out.reserve(256);
  append_user_json(out, user);
  return out;
}

std::string render_users(const std::vector<store::UserRecord>& users) {
  std::string out;
  out.reserve(2 + users.size() * 256);
  out.push_back('[');
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (i != 0) out.push_back(',');
    append_user_json(out, users[i]);
  }
  out.push_back(']');
  return out;
}

boost::json::object v1_claims(const store::UserRecord& u) {
  boost::json::object c;
  c["id"] = u.uuid;
  c["email"] = u.email.value_or("");
  c["role"] = v1_role(u);
  return c;
}

namespace {
std::string cookie_tail(bool secure) {
  return secure ? "; Path=/; SameSite=none; Secure" : "; Path=/; SameSite=lax";
}
}  // namespace

std::string refresh_cookie(const std::string& token, std::int64_t max_age, bool secure) {
  return "refresh_token=" + token + "; HttpOnly; Max-Age=" + std::to_string(max_age) +
         cookie_tail(secure);
}

std::string expired_refresh_cookie(bool secure) {
  return "refresh_token=\"\"; expires=" +
         platform::format_http_date(platform::Clock::instance().now_seconds()) +
         "; HttpOnly; Max-Age=0" + cookie_tail(secure);
}

}  // namespace tandem::faces::v1
