#pragma once
#include "faces/face_table.hpp"

namespace tandem::faces::schemes {

// Mounts Beyo's routes (spec/beyo.md §2, §3.3) and makes the face render platform errors in its
// envelope under its own paths only: /api exactly, /api/login, /api/logout and /api/schemes/…,
// never TeamFlow's /api/auth, /api/tasks, /api/health or the v1 face's /api/v1.
MountedFace mount(const FaceEnvironment& env);

}  // namespace tandem::faces::schemes
