#pragma once
#include "faces/face_table.hpp"

namespace tandem::faces::v1 {

// Mounts FlowTrack's /api/v1 routes and its notification socket, and makes v1 render errors for
// paths under /api/v1 and /ws/notifications.
MountedFace mount(const FaceEnvironment& env);

}  // namespace tandem::faces::v1
