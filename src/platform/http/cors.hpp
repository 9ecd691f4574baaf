#pragma once
// CORS allow-list. Origins are echoed only when listed (never '*' with credentials, never an
// arbitrary origin), `Vary: Origin` is always set when the answer depends on the Origin header,
// and preflights are answered here, before routing and authentication.

#include <optional>
#include <string>
#include <vector>

#include "platform/http/http_message.hpp"

namespace tandem::http {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> allowed_origins, int max_age_seconds = 600);

  bool allows(std::string_view origin) const;
  bool is_preflight(const Request& req) const;
  Response preflight(const Request& req) const;
  // Adds Access-Control-* headers to any response (success or error) for an allowed origin.
  void decorate(const Request& req, Response& res) const;

  const std::vector<std::string>& origins() const { return origins_; }

 private:
  std::vector<std::string> origins_;
  bool wildcard_ = false;  // "*": any origin, but then without credentials
  int max_age_;
};

}  // namespace tandem::http
