#pragma once
// What the schemes face's handlers share: the identity service (tokens, logins), the catalog
// (the generic query engine), the CORS allow-list (cookie requests from other origins are
// refused) and the face's settings.

#include <cstdint>

#include "domain/catalog/catalog_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "platform/http/cors.hpp"

namespace tandem::faces::schemes {

struct SchemesSettings {
  // TANDEM_ENV=production or MODE=production: the session cookie is SameSite=None; Secure.
  bool secure_cookies = false;
  // TANDEM_SCHEMES_TOKEN_DAYS (issue decision 4): Beyo's client has no refresh.
  std::int64_t token_ttl_seconds = 7 * 86'400;
};

struct SchemesContext {
  domain::identity::IdentityService& identity;
  domain::catalog::CatalogService& catalog;
  const http::CorsPolicy& cors;
  SchemesSettings settings;
};

}  // namespace tandem::faces::schemes
