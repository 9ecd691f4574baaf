#pragma once
// The faces a server can mount, by the names --faces / TANDEM_FACES use. A new face is its
// folder under src/faces/ plus one line in face_table.cpp.

#include <memory>
#include <span>
#include <string_view>

#include "faces/face_environment.hpp"

namespace tandem::faces {

// What a mounted face keeps alive while the server runs (its context and caches), type-erased so
// that the server needs none of a face's types.
using MountedFace = std::shared_ptr<void>;

// Adds a face's routes, error renderers and sockets.
using MountFace = MountedFace (*)(const FaceEnvironment& env);

struct FaceEntry {
  std::string_view name;
  MountFace mount;
};

// Every face, in mounting order.
std::span<const FaceEntry> face_table();

}  // namespace tandem::faces
