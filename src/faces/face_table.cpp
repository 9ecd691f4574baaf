#include "faces/face_table.hpp"

#include "faces/kpi/kpi_face.hpp"
#include "faces/schemes/schemes_face.hpp"
#include "faces/teamflow/teamflow_face.hpp"
#include "faces/v1/v1_face.hpp"

namespace tandem::faces {

namespace {

constexpr FaceEntry kFaces[] = {
    {"v1", v1::mount},
    {"kpi", kpi::mount},
    {"teamflow", teamflow::mount},
    {"schemes", schemes::mount},
};

}  // namespace

std::span<const FaceEntry> face_table() { return kFaces; }

}  // namespace tandem::faces
