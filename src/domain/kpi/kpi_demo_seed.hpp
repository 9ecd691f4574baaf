#pragma once
// `tandem seed kpi-demo`: the rows of the original backend/seed.sql (spec/kpi.md §1.10), so the
// React client's two test sign-in buttons (test@test.com, martin@test.com) work.

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "domain/identity/identity_service.hpp"
#include "domain/kpi/kpi_service.hpp"

namespace tandem::domain::kpi {

// Idempotent: rows that already exist are kept. Returns one line per row for the operator.
boost::asio::awaitable<std::vector<std::string>> seed_kpi_demo(identity::IdentityService& identity,
                                                               KpiService& kpi);

}  // namespace tandem::domain::kpi
