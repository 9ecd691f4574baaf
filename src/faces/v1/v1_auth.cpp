#include "faces/v1/v1_auth.hpp"

#include "faces/v1/v1_errors.hpp"

namespace tandem::faces::v1 {

std::string_view v1_role(const store::UserRecord& user) {
  return user.has_role(domain::identity::kAdminRole) ? "admin" : "member";
}

http::Response credentials_refused() {
  auto res = detail(401, "Could not validate credentials");
  res.set_header("WWW-Authenticate", "Bearer");
  return res;
}

boost::asio::awaitable<std::variant<Principal, http::Response>> authorize(V1Context& ctx,
                                                                          const http::Request& req,
                                                                          Access access) {
  // Starlette splits "scheme credentials" at the first space.
  auto header = req.header("authorization");
  std::string_view value = header.value_or("");
  auto space = value.find(' ');
  std::string_view scheme = value.substr(0, space);
  std::string_view credentials =
      space == std::string_view::npos ? std::string_view{} : value.substr(space + 1);
  if (value.empty() || scheme.empty() || credentials.empty())
    co_return detail(403, "Not authenticated");
  if (!http::iequals(scheme, "bearer")) co_return detail(403, "Invalid authentication credentials");

  auto result = co_await ctx.identity.authenticate(credentials);
  if (std::holds_alternative<domain::identity::AuthFailure>(result))
    co_return credentials_refused();
  auto& principal = std::get<Principal>(result);
  if (access == Access::admin && !principal.is_admin())
    co_return detail(403, "Not enough permissions. Admin access required.");
  co_return std::move(principal);
}

}  // namespace tandem::faces::v1
