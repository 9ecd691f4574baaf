#include "faces/v1/v1_render.hpp"

#include "faces/v1/v1_auth.hpp"
#include "platform/clock.hpp"

namespace tandem::faces::v1 {

boost::json::object render_user(const store::UserRecord& u) {
  boost::json::object o;
  o["name"] = u.name.value_or("");
  if (u.email)
    o["email"] = *u.email;
  else
    o["email"] = nullptr;
  o["role"] = v1_role(u);
  o["id"] = u.uuid;
  o["created_at"] = platform::format_iso8601_micros(u.created_at);
  o["updated_at"] = platform::format_iso8601_micros(u.updated_at);
  return o;
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
