#pragma once
#include <chrono>
#include <string>

#include "domain/identity/identity_service.hpp"
#include "domain/kpi/kpi_service.hpp"
#include "platform/versioned_cache.hpp"

namespace tandem::faces::kpi {

// Rendered GET /kpi_values answers by stored window (kpi_value_list_key), valid until the next
// commit anywhere. The React client polls this list; rebuilding 240 values per request is what
// the cache saves. An empty string stands for the 204.
using ValueListCache = platform::VersionedCache<std::string, std::string>;

struct KpiContext {
  domain::identity::IdentityService& identity;
  domain::kpi::KpiService& kpi;
  ValueListCache value_lists{256, std::chrono::seconds(1)};
};

}  // namespace tandem::faces::kpi
