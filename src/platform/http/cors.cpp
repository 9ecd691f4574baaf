#include "platform/http/cors.hpp"

#include <algorithm>
#include <cctype>

namespace tandem::http {

namespace {
constexpr std::string_view kAllowedMethods = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

// Browsers send a short list of header names; anything longer or not made of field-name
// characters is not echoed (the browser then refuses the preflight, which is right for it).
constexpr std::size_t kMaxEchoedHeaderList = 4096;

bool is_header_name_list(std::string_view list) {
  if (list.size() > kMaxEchoedHeaderList) return false;
  return std::all_of(list.begin(), list.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ',' ||
           c == ' ' || c == '.';
  });
}

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
  auto requested = req.header("access-control-request-headers");
  if (requested && is_header_name_list(*requested))
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
