#pragma once
// The TANDEM_KPI_* switches (spec/kpi.md §5; README "Operator interface").

#include "app/config.hpp"
#include "domain/kpi/kpi_settings.hpp"

namespace tandem::app {

// Throws ConfigError for a value that is not a boolean (1/0, true/false, yes/no, on/off).
domain::kpi::KpiSettings load_kpi_settings(const EnvSource& env);

}  // namespace tandem::app
