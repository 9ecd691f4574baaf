#pragma once
// What the schemes face's handlers share: the identity service (tokens, logins), the catalog
// (the generic query engine), the CORS allow-list (cookie requests from other origins are
// refused) and the face's settings.

#include <chrono>
#include <cstdint>

#include "domain/catalog/catalog_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "platform/http/cors.hpp"
#include "platform/keyed_gates.hpp"
#include "platform/versioned_cache.hpp"

namespace tandem::faces::schemes {

struct SchemesSettings {
  // TANDEM_ENV=production or MODE=production: the session cookie is SameSite=None; Secure.
  bool secure_cookies = false;
  // TANDEM_SCHEMES_TOKEN_DAYS (issue decision 4): Beyo's client has no refresh.
  std::int64_t token_ttl_seconds = 7 * 86'400;
  // TANDEM_SCHEMES_PAGE_CACHE: entries of the get_items page cache; 0: every read queries.
  std::size_t page_cache_entries = 256;
};

// Rendered get_items answers by caller and request body, while no commit has happened since
// (platform/versioned_cache.hpp), as the KPI and TeamFlow lists are kept: the client's infinite
// scroll and item pages repeat the same reads. Bounded in entries and, by what is stored, in
// bytes (catalog_routes.cpp).
using ItemPageCache = platform::VersionedCache<std::string, std::string>;

struct SchemesContext {
  domain::identity::IdentityService& identity;
  domain::catalog::CatalogService& catalog;
  const http::CorsPolicy& cors;
  SchemesSettings settings;
  // Renewed after a second (by one request while the others keep it), never older than two.
  ItemPageCache item_pages{settings.page_cache_entries, std::chrono::seconds(2)};
  // A page that expires under load is computed once, not once per waiting client.
  platform::KeyedGates item_page_gates{64, 4096};
};

}  // namespace tandem::faces::schemes
