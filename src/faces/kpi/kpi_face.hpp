#pragma once
#include "faces/face_table.hpp"

namespace tandem::faces::kpi {

// Mounts the KPI tracker's routes (spec/kpi.md §2) and makes the KPI face render errors for
// paths under its prefixes. GET / belongs to the system routes.
MountedFace mount(const FaceEnvironment& env);

}  // namespace tandem::faces::kpi
