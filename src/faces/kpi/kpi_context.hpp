#pragma once
#include "domain/identity/identity_service.hpp"
#include "domain/kpi/kpi_service.hpp"

namespace tandem::faces::kpi {

struct KpiContext {
  domain::identity::IdentityService& identity;
  domain::kpi::KpiService& kpi;
};

}  // namespace tandem::faces::kpi
