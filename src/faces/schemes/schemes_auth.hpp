#pragma once
// Who calls a schemes route (spec/beyo.md §3.3, issue decisions 4 and 5): a Bearer token of the
// Authorization header, or else the HttpOnly `session` cookie, both access tokens of the shared
// token service. A Bearer header wins; "Bearer " with nothing after it (what Beyo's client sends
// before login) counts as no header; a bad Bearer is refused even next to a good cookie. A
// request that the cookie authenticates must not come from a page of another site (CSRF): its
// Origin, when present, must be an allowed CORS origin or the server's own.

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "domain/catalog/catalog_request.hpp"
#include "faces/schemes/schemes_context.hpp"
#include "platform/http/http_message.hpp"

namespace tandem::faces::schemes {

inline constexpr std::string_view kSessionCookie = "session";

// Where the request's credential comes from.
struct Credential {
  enum Source { none, bearer, cookie, malformed } source = none;
  std::string token;
};
Credential find_credential(const http::Request& req);

// Whether a cookie-authenticated request may come from `req`'s Origin.
bool origin_allowed_for_cookie(const http::Request& req, const http::CorsPolicy& cors);

// An authenticated call: the principal, the token it presented and the catalog's view of it.
struct SchemesCall {
  domain::identity::Principal principal;
  Credential credential;
  domain::catalog::Caller caller;
};

// The 401 text of a refused credential: "Token missing", "Invalid token" or "Token expired".
struct AuthRefusal {
  int status = 401;
  std::string message;
};

boost::asio::awaitable<std::variant<SchemesCall, AuthRefusal>> authenticate(
    SchemesContext& ctx, const http::Request& req);

// The refusal as the routes answer it: the 401/403 envelope with server_message "".
http::Response refusal_response(const AuthRefusal& refusal);

// The prologue of the four schemes routes and of logout.
boost::asio::awaitable<std::variant<SchemesCall, http::Response>> authorize(
    SchemesContext& ctx, const http::Request& req);

// Set-Cookie values: the session cookie carrying `token` for `max_age` seconds, and the one
// that clears it.
std::string session_cookie(const std::string& token, std::int64_t max_age, bool secure);
std::string cleared_session_cookie(bool secure);

}  // namespace tandem::faces::schemes
