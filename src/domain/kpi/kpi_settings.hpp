#pragma once
// The KPI face's compatibility switches (spec/kpi.md §5), named TANDEM_KPI_<NAME> (design.md).
// Every default keeps the original's behaviour, which its React client and tests rely on.

namespace tandem::domain::kpi {

struct KpiSettings {
  // TANDEM_KPI_PASSWORDLESS_LOGIN (§5.1): users without a password may log in by email alone,
  // admins excepted (kpi_service.cpp).
  bool passwordless_login = true;
  // TANDEM_KPI_STRICT_ROLES (§5.3): circle creation needs a gatekeeper; adding or editing a
  // value needs membership of the KPI's circle (or a gatekeeper).
  bool strict_roles = false;
  // TANDEM_KPI_STRICT_VALUES (§5.9): the client's rules enforced on the server too: value >= 0,
  // <= 100 for percentages, month matching the periodicity (quarter ends, December).
  bool strict_values = false;
  // TANDEM_KPI_STRICT_INACTIVE_KPI (§5.19): no new values for a removed (inactive) KPI.
  bool strict_inactive_kpi = false;
};

}  // namespace tandem::domain::kpi
