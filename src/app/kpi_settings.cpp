#include "app/kpi_settings.hpp"

#include "platform/http_message.hpp"

namespace tandem::app {

namespace {

bool switch_value(const EnvSource& env, const char* name, bool fallback) {
  auto v = env.get(name);
  if (!v || v->empty()) return fallback;
  for (const char* yes : {"1", "true", "yes", "on"})
    if (http::iequals(*v, yes)) return true;
  for (const char* no : {"0", "false", "no", "off"})
    if (http::iequals(*v, no)) return false;
  throw ConfigError(std::string(name) + " must be a boolean (1/0, true/false), got " + *v);
}

}  // namespace

domain::kpi::KpiSettings load_kpi_settings(const EnvSource& env) {
  domain::kpi::KpiSettings s;
  s.passwordless_login = switch_value(env, "TANDEM_KPI_PASSWORDLESS_LOGIN", s.passwordless_login);
  s.strict_roles = switch_value(env, "TANDEM_KPI_STRICT_ROLES", s.strict_roles);
  s.strict_values = switch_value(env, "TANDEM_KPI_STRICT_VALUES", s.strict_values);
  s.strict_inactive_kpi =
      switch_value(env, "TANDEM_KPI_STRICT_INACTIVE_KPI", s.strict_inactive_kpi);
  return s;
}

}  // namespace tandem::app
