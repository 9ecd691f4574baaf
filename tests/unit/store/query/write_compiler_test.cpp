#include "store/query/write_compiler.hpp"

#include <gtest/gtest.h>

#include <array>

#include "registry_builders.hpp"

namespace tandem::store::query {
namespace {

using namespace test;  // NOLINT: the registry builders

// A registry of its own: the compiler knows nothing of Beyo's models.
constexpr RelationshipSchema tags_rel() {
  return m2m("tags", "Tag", "thing_tags", "thing_id", "tag_id");
}

constexpr std::array kThingColumns{col("id", ColumnType::integer), col("name"),
                                   col("data", ColumnType::json),
                                   col("owner_id", ColumnType::integer)};
constexpr std::array kThingRels{rel("owner", RelationKind::many_to_one, "Owner", "owner_id"),
                                tags_rel()};
constexpr std::array kOwnerColumns{col("id", ColumnType::integer), col("name")};
constexpr std::array kOwnerRels{rel("things", RelationKind::one_to_many, "Thing", "owner_id")};
constexpr std::array kTagColumns{col("id", ColumnType::integer), col("label")};

const std::array<ModelSchema, 3>& models() {
  static const std::array<ModelSchema, 3> all{model("Thing", "things", kThingColumns, kThingRels),
                                              model("Owner", "owners", kOwnerColumns, kOwnerRels),
                                              model("Tag", "tags", kTagColumns)};
  return all;
}
const ModelRegistry& registry() {
  static const ModelRegistry r{models()};
  return r;
}
const ModelSchema& thing() { return *registry().find("Thing"); }
const ModelSchema& owner() { return *registry().find("Owner"); }

std::string text_of(const SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* j = std::get_if<SqlJson>(&v)) return "json:" + j->text;
  if (std::holds_alternative<std::nullptr_t>(v)) return "NULL";
  return "<other>";
}

TEST(WriteCompilerTest, InsertNamesOnlyTheGivenColumns) {
  const std::array values{ColumnAssignment{"name", std::string("lamp")},
                          ColumnAssignment{"data", SqlJson{"{\"a\":1}"}},
                          ColumnAssignment{"owner_id", std::int64_t{7}}};
  for (const auto* d : {&pg(), &lite()}) {
    auto s = insert_row(*d, thing(), values);
    EXPECT_EQ(s.text(),
              "INSERT INTO things (name, data, owner_id) VALUES ($1, $2, $3) RETURNING id");
    ASSERT_EQ(s.params().size(), 3u);
    EXPECT_EQ(text_of(s.params()[0]), "lamp");
    EXPECT_EQ(text_of(s.params()[1]), "json:{\"a\":1}");
    EXPECT_EQ(text_of(s.params()[2]), "7");
    EXPECT_FALSE(s.sql().name.empty());  // prepared and cached by text
  }
}

TEST(WriteCompilerTest, InsertWithNoColumnsUsesTheDefaults) {
  auto s = insert_row(pg(), owner(), {});
  EXPECT_EQ(s.text(), "INSERT INTO owners DEFAULT VALUES RETURNING id");
  EXPECT_TRUE(s.params().empty());
}

TEST(WriteCompilerTest, UpdateOneRowOrAList) {
  const std::array values{ColumnAssignment{"name", std::string("x")},
                          ColumnAssignment{"data", nullptr}};
  auto one = update_rows(pg(), thing(), values, {5});
  EXPECT_EQ(one.text(), "UPDATE things SET name = $1, data = $2 WHERE id = $3");
  EXPECT_EQ(text_of(one.params()[1]), "NULL");
  EXPECT_EQ(text_of(one.params()[2]), "5");

  auto many_pg = update_rows(pg(), thing(), values, {9, 4});
  EXPECT_EQ(many_pg.text(), "UPDATE things SET name = $1, data = $2 WHERE id = ANY($3::int8[])");
  EXPECT_EQ(text_of(many_pg.params()[2]), "{9,4}");
  auto many_lite = update_rows(lite(), thing(), values, {9, 4});
  EXPECT_EQ(many_lite.text(),
            "UPDATE things SET name = $1, data = $2 WHERE id IN (SELECT value FROM json_each($3))");
  EXPECT_EQ(text_of(many_lite.params()[2]), "[9,4]");
}

TEST(WriteCompilerTest, DeleteById) {
  EXPECT_EQ(delete_rows(pg(), thing(), {3}).text(), "DELETE FROM things WHERE id = $1");
  EXPECT_EQ(delete_rows(pg(), thing(), {3, 2}).text(),
            "DELETE FROM things WHERE id = ANY($1::int8[])");
  EXPECT_EQ(delete_rows(lite(), thing(), {3, 2}).text(),
            "DELETE FROM things WHERE id IN (SELECT value FROM json_each($1))");
}

TEST(WriteCompilerTest, ToOneReferenceSetAndCleared) {
  const auto& owner_rel = *thing().relationship("owner");
  auto set = set_reference(pg(), thing(), owner_rel, 12, {4});
  EXPECT_EQ(set.text(), "UPDATE things SET owner_id = $1 WHERE id = $2");
  EXPECT_EQ(text_of(set.params()[0]), "12");
  EXPECT_EQ(text_of(set.params()[1]), "4");
  auto clear = set_reference(lite(), thing(), owner_rel, std::nullopt, {4});
  EXPECT_EQ(clear.text(), "UPDATE things SET owner_id = NULL WHERE id = $1");
  EXPECT_EQ(clear.params().size(), 1u);
}

TEST(WriteCompilerTest, OneToManyAdoptAndRelease) {
  const auto& things = *owner().relationship("things");
  auto adopt = adopt_children(pg(), registry(), things, 2, {8, 6});
  EXPECT_EQ(adopt.text(), "UPDATE things SET owner_id = $1 WHERE id = ANY($2::int8[])");
  auto release_all = release_children(pg(), registry(), things, 2, std::nullopt);
  EXPECT_EQ(release_all.text(), "UPDATE things SET owner_id = NULL WHERE owner_id = $1");
  const std::optional<std::vector<std::int64_t>> some{{8}};
  auto release_some = release_children(lite(), registry(), things, 2, some);
  EXPECT_EQ(release_some.text(),
            "UPDATE things SET owner_id = NULL WHERE owner_id = $1 AND id = $2");
}

TEST(WriteCompilerTest, AssociationRowsNeverDuplicate) {
  const auto& tags = *thing().relationship("tags");
  auto one = link_association(pg(), tags, 1, {5});
  EXPECT_EQ(one.text(),
            "INSERT INTO thing_tags (thing_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
  auto many_pg = link_association(pg(), tags, 1, {5, 4});
  EXPECT_EQ(many_pg.text(),
            "INSERT INTO thing_tags (thing_id, tag_id) SELECT $1::int8, linked FROM "
            "unnest($2::int8[]) AS linked ON CONFLICT DO NOTHING");
  auto many_lite = link_association(lite(), tags, 1, {5, 4});
  EXPECT_EQ(many_lite.text(),
            "INSERT INTO thing_tags (thing_id, tag_id) SELECT $1, value FROM json_each($2) WHERE "
            "true ON CONFLICT DO NOTHING");
  EXPECT_EQ(text_of(many_lite.params()[1]), "[5,4]");
}

TEST(WriteCompilerTest, AssociationRowsRemoved) {
  const auto& tags = *thing().relationship("tags");
  EXPECT_EQ(unlink_association(pg(), tags, 1, std::nullopt).text(),
            "DELETE FROM thing_tags WHERE thing_id = $1");
  const std::optional<std::vector<std::int64_t>> some{{5, 4}};
  EXPECT_EQ(unlink_association(pg(), tags, 1, some).text(),
            "DELETE FROM thing_tags WHERE thing_id = $1 AND tag_id = ANY($2::int8[])");
}

TEST(WriteCompilerTest, RelatedIdsPerKind) {
  EXPECT_EQ(related_ids(pg(), registry(), thing(), *thing().relationship("owner"), 3).text(),
            "SELECT owner_id AS id FROM things WHERE id = $1 AND owner_id IS NOT NULL ORDER BY "
            "owner_id");
  EXPECT_EQ(related_ids(pg(), registry(), owner(), *owner().relationship("things"), 3).text(),
            "SELECT id FROM things WHERE owner_id = $1 ORDER BY id");
  const std::optional<std::vector<std::int64_t>> among{{7, 6}};
  EXPECT_EQ(
      related_ids(lite(), registry(), thing(), *thing().relationship("tags"), 3, among).text(),
      "SELECT tag_id AS id FROM thing_tags WHERE thing_id = $1 AND tag_id IN (SELECT value FROM "
      "json_each($2)) ORDER BY tag_id");
}

}  // namespace
}  // namespace tandem::store::query
