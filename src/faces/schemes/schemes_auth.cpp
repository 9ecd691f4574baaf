#include "faces/schemes/schemes_auth.hpp"

#include <algorithm>

#include "faces/schemes/schemes_envelope.hpp"
#include "platform/jwt.hpp"

namespace tandem::faces::schemes {

namespace {

constexpr std::string_view kWhitespace = " \t";

std::string_view trim(std::string_view s) {
  auto first = s.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(kWhitespace);
  return s.substr(first, last - first + 1);
}

std::string cookie_attributes(bool secure) {
  return secure ? "; Path=/; HttpOnly; SameSite=None; Secure" : "; Path=/; HttpOnly; SameSite=Lax";
}

}  // namespace

Credential find_credential(const http::Request& req) {
  std::string_view header = trim(req.header("authorization").value_or(""));
  if (!header.empty()) {
    auto space = header.find_first_of(kWhitespace);
    std::string_view scheme = header.substr(0, space);
    std::string_view rest =
        space == std::string_view::npos ? std::string_view() : trim(header.substr(space));
    if (!http::iequals(scheme, "Bearer")) return {Credential::malformed, {}};
    if (!rest.empty()) {
      if (rest.find_first_of(kWhitespace) != std::string_view::npos)
        return {Credential::malformed, {}};
      return {Credential::bearer, std::string(rest)};
    }
    // "Bearer " alone: the client's header before login; the cookie may still speak.
  }
  auto cookie = req.cookie(kSessionCookie);
  if (cookie && !cookie->empty() && *cookie != "\"\"") return {Credential::cookie, *cookie};
  return {};
}

bool origin_allowed_for_cookie(const http::Request& req, const http::CorsPolicy& cors) {
  auto origin = req.header("origin");
  if (!origin) return true;              // not sent by a browser page of another site
  const auto& allowed = cors.origins();  // listed origins only: a wildcard lets no cookie in
  if (std::find(allowed.begin(), allowed.end(), *origin) != allowed.end()) return true;
  // The server's own pages (the client served from the same host): scheme://<Host>.
  std::string_view authority = *origin;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (authority.size() > scheme.size() &&
        http::iequals(authority.substr(0, scheme.size()), scheme)) {
      authority.remove_prefix(scheme.size());
      auto host = req.header("host");
      return host && http::iequals(authority, trim(*host));
    }
  }
  return false;
}

boost::asio::awaitable<std::variant<SchemesCall, AuthRefusal>> authenticate(
    SchemesContext& ctx, const http::Request& req) {
  Credential credential = find_credential(req);
  if (credential.source == Credential::none) co_return AuthRefusal{401, "Token missing"};
  if (credential.source == Credential::malformed) co_return AuthRefusal{401, "Invalid token"};
  // Email-only KPI tokens prove no password and are refused here (the default).
  auto result = co_await ctx.identity.authenticate(credential.token);
  if (std::holds_alternative<domain::identity::AuthFailure>(result)) {
    auto diagnosis =
        ctx.identity.tokens().diagnose(credential.token, domain::identity::TokenType::access);
    if (diagnosis.jwt_error == platform::JwtError::expired)
      co_return AuthRefusal{401, "Token expired"};
    co_return AuthRefusal{401, "Invalid token"};
  }
  if (credential.source == Credential::cookie && !origin_allowed_for_cookie(req, ctx.cors))
    co_return AuthRefusal{403, "[Permission Error] Not allowed from this origin."};
  auto& principal = std::get<domain::identity::Principal>(result);
  domain::catalog::Caller caller{principal.user.id, principal.is_admin()};
  co_return SchemesCall{std::move(principal), std::move(credential), caller};
}

http::Response refusal_response(const AuthRefusal& refusal) {
  return envelope(refusal.status, refusal.message);
}

boost::asio::awaitable<std::variant<SchemesCall, http::Response>> authorize(
    SchemesContext& ctx, const http::Request& req) {
  auto result = co_await authenticate(ctx, req);
  if (auto* refused = std::get_if<AuthRefusal>(&result)) co_return refusal_response(*refused);
  co_return std::move(std::get<SchemesCall>(result));
}

std::string session_cookie(const std::string& token, std::int64_t max_age, bool secure) {
  return std::string(kSessionCookie) + "=" + token + "; Max-Age=" + std::to_string(max_age) +
         cookie_attributes(secure);
}

std::string cleared_session_cookie(bool secure) {
  return std::string(kSessionCookie) + "=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0" +
         cookie_attributes(secure);
}

}  // namespace tandem::faces::schemes
