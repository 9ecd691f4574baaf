#pragma once
#include "faces/face_table.hpp"

namespace tandem::faces::teamflow {

// Mounts TeamFlow's routes (spec/teamflow.md §6) and makes the face render errors as
// {"error": ...} under its own prefixes only: /api/v1 is the v1 face's and /api the schemes
// face's.
MountedFace mount(const FaceEnvironment& env);

}  // namespace tandem::faces::teamflow
