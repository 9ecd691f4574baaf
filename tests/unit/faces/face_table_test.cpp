// The face table and --faces must agree: a face that the table mounts but the setting refuses
// could never be chosen, and one missing from the default list would vanish from `tandem serve`.
#include "faces/face_table.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "app/config.hpp"

namespace tandem::faces {
namespace {

TEST(FaceTableTest, NamesAreUniqueAndEveryFaceMounts) {
  std::set<std::string_view> names;
  for (const auto& face : face_table()) {
    EXPECT_TRUE(names.insert(face.name).second) << face.name;
    EXPECT_NE(face.mount, nullptr) << face.name;
  }
  EXPECT_FALSE(names.empty());
}

TEST(FaceTableTest, EveryFaceCanBeChosenByName) {
  for (const auto& face : face_table()) {
    app::CliOverrides flags;
    flags.faces = std::string(face.name);
    auto config = app::load_config(app::EnvSource({}), flags);
    EXPECT_TRUE(config.face_enabled(face.name)) << face.name;
  }
}

TEST(FaceTableTest, EveryFaceIsMountedByDefault) {
  auto config = app::load_config(app::EnvSource({}), app::CliOverrides{});
  for (const auto& face : face_table()) EXPECT_TRUE(config.face_enabled(face.name)) << face.name;
}

}  // namespace
}  // namespace tandem::faces
