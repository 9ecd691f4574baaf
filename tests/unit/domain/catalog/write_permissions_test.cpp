#include "domain/catalog/write_permissions.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "domain/inventory/inventory_models.hpp"

namespace tandem::domain::catalog {
namespace {

namespace json = boost::json;
using store::query::Access;

const store::query::ModelSchema& model(std::string_view name) {
  return *inventory::inventory_registry().find(name);
}

const Caller kUser{7, false};
const Caller kAdmin{1, true};

template <typename Check>
CatalogError refusal(Check&& check) {
  try {
    check();
  } catch (const CatalogError& e) {
    return e;
  }
  return CatalogError(ErrorClass::validation, "did not throw");
}

TEST(WritePermissionsTest, AccessLevels) {
  EXPECT_TRUE(allows(Access::everyone, kUser));
  EXPECT_FALSE(allows(Access::admin, kUser));
  EXPECT_TRUE(allows(Access::admin, kAdmin));
  EXPECT_FALSE(allows(Access::nobody, kAdmin));
}

TEST(WritePermissionsTest, ModelVerbsNameVerbAndModel) {
  EXPECT_NO_THROW(require_create(model("Item"), kUser));
  EXPECT_NO_THROW(require_create(model("Item_History"), kUser));
  auto create_user = refusal([] { require_create(model("User"), kUser); });
  EXPECT_EQ(create_user.kind, ErrorClass::permission);
  EXPECT_EQ(create_user.permission_verb, Verb::create);
  EXPECT_EQ(create_user.model, "User");
  EXPECT_NO_THROW(require_create(model("Role"), kAdmin));
  // History rows: never updated or deleted through the API, not even by an admin.
  auto update_history = refusal([] { require_update(model("Item_History"), kAdmin); });
  EXPECT_EQ(update_history.permission_verb, Verb::update);
  EXPECT_EQ(update_history.model, "Item_History");
  auto delete_history = refusal([] { require_remove(model("Dealer_History"), kAdmin); });
  EXPECT_EQ(delete_history.permission_verb, Verb::remove);
  EXPECT_EQ(delete_history.model, "Dealer_History");
  EXPECT_NO_THROW(require_remove(model("Dealer"), kUser));
}

TEST(WritePermissionsTest, RolesOfAUserAreAnAdminsToChange) {
  const auto& user = model("User");
  auto e = refusal(
      [&] { require_relationship_write(user, *user.relationship("roles"), kUser, Verb::update); });
  EXPECT_EQ(e.kind, ErrorClass::permission);
  EXPECT_EQ(e.model, "User");
  EXPECT_NO_THROW(
      require_relationship_write(user, *user.relationship("roles"), kAdmin, Verb::update));
  const auto& item = model("Item");
  EXPECT_NO_THROW(
      require_relationship_write(item, *item.relationship("notes"), kUser, Verb::create));
}

TEST(WritePermissionsTest, OwnProfileFieldsOnly) {
  const auto& user = model("User");
  auto fields = [](std::string_view text) { return json::parse(text).as_object(); };
  EXPECT_TRUE(is_own_profile_update(
      user, kUser,
      fields(R"({"username":"a","email":"b","phone":"c","password":"d","profile_picture":"e"})")));
  EXPECT_FALSE(is_own_profile_update(user, kUser, fields(R"({"metafields":{}})")));
  EXPECT_FALSE(is_own_profile_update(user, kUser, fields(R"({"roles":{"action":"link"}})")));
  EXPECT_FALSE(is_own_profile_update(model("Role"), kUser, fields(R"({"role":"x"})")));
  // Admins go through the model's own access instead.
  EXPECT_FALSE(is_own_profile_update(user, kAdmin, fields(R"({"email":"b"})")));
}

TEST(WritePermissionsTest, OwnRowsMeansEveryMatchedRow) {
  const auto& user = model("User");
  EXPECT_NO_THROW(require_own_rows(user, kUser, {7}));
  EXPECT_EQ(refusal([&] { require_own_rows(user, kUser, {}); }).kind, ErrorClass::permission);
  auto other = refusal([&] { require_own_rows(user, kUser, {8, 7}); });
  EXPECT_EQ(other.kind, ErrorClass::permission);
  EXPECT_EQ(other.permission_verb, Verb::update);
  EXPECT_EQ(other.model, "User");
}

}  // namespace
}  // namespace tandem::domain::catalog
