#include "platform/cors.hpp"

#include <algorithm>

namespace tandem::http {

namespace {
constexpr std::string_view kAllowedMethods = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

std::string normalize_origin(std::string_view o) {
  std::string s(o);
  while (!s.empty() && (s.back() == '/' || s.back() == ' ')) s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  return s;
}
}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> allowed_origins, int max_age_seconds)
    : max_age_(max_age_seconds) {
  for (auto& o : allowed_origins) {
    auto n = normalize_origin(o);
    if (n.empty()) continue;
    if (n == "*")
      wildcard_ = true;
    else
      origins_.push_back(std::move(n));
  }
}

bool CorsPolicy::allows(std::string_view origin) const {
  if (origin.empty()) return false;
  if (wildcard_) return true;
  return std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

bool CorsPolicy::is_preflight(const Request& req) const {
  return req.method == Method::options && req.header("origin") &&
         req.header("access-control-request-method");
}

Response CorsPolicy::preflight(const Request& req) const {
  auto origin = std::string(req.header("origin").value_or(""));
  if (!allows(origin)) {
    Response r = Response::text(400, "Disallowed CORS origin");
    r.set_header("Vary", "Origin");
    return r;
  }
  Response r = Response::text(200, "OK");
  r.set_header("Vary", "Origin");
  r.set_header("Access-Control-Allow-Methods", kAllowedMethods);
  r.set_header("Access-Control-Max-Age", std::to_string(max_age_));
  if (auto requested = req.header("access-control-request-headers"))
    r.set_header("Access-Control-Allow-Headers", *requested);
  decorate(req, r);
  return r;
}

void CorsPolicy::decorate(const Request& req, Response& res) const {
  auto origin = req.header("origin");
  if (!origin) return;
  res.set_header("Vary", "Origin");
  if (!allows(*origin)) return;
  if (wildcard_) {
    // A wildcard list means "any site, no cookies": browsers refuse credentials with '*'.
    res.set_header("Access-Control-Allow-Origin", "*");
    return;
  }
  res.set_header("Access-Control-Allow-Origin", *origin);
  res.set_header("Access-Control-Allow-Credentials", "true");
  res.set_header("Access-Control-Expose-Headers", "X-Request-Id");
}

}  // namespace tandem::http
