// The inventory registry is consistent with itself (every relationship leads to a model that
// names it back) and with the schema the migrations build, on both databases (PostgreSQL when
// TANDEM_TEST_POSTGRES_URL is set): every table, column, foreign key and association the
// registry names exists, and the deletes of spec/beyo.md §1.5 happen.

#include "domain/inventory/inventory_models.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "../../store/db/test_databases.hpp"
#include "store/migrations.hpp"

namespace tandem::domain::inventory {
namespace {

using store::query::Access;
using store::query::ColumnType;
using store::query::ModelSchema;
using store::query::RelationKind;
using store::query::RelationshipSchema;

const ModelSchema& model(std::string_view name) {
  const auto* m = inventory_registry().find(name);
  if (m == nullptr) throw std::logic_error("no model " + std::string(name));
  return *m;
}

TEST(InventoryModelsTest, TheNineModels) {
  std::vector<std::string> names;
  for (const auto& m : inventory_registry().models()) names.emplace_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"User", "Role", "Item", "Item_History", "Item_Note",
                                             "Item_Notes_Subject", "Dealer", "Dealer_History",
                                             "Dealer_Notes"}));
  EXPECT_EQ(inventory_registry().find("Item_Stats_Current"), nullptr);
  EXPECT_EQ(inventory_registry().find("item"), nullptr) << "names are case-sensitive";
}

TEST(InventoryModelsTest, EveryModelHasItsKeyFirstAndUniqueNames) {
  for (const auto& m : inventory_registry().models()) {
    SCOPED_TRACE(std::string(m.name));
    ASSERT_FALSE(m.columns.empty());
    const auto& id = m.id();
    EXPECT_EQ(id.name, "id");
    EXPECT_EQ(id.sql, "id");
    EXPECT_EQ(id.type, ColumnType::integer);
    EXPECT_FALSE(id.nullable);
    EXPECT_FALSE(id.creatable);
    EXPECT_FALSE(id.updatable);
    std::set<std::string_view> names;
    for (const auto& c : m.columns) {
      EXPECT_TRUE(names.insert(c.name).second) << "duplicate " << c.name;
      EXPECT_FALSE(c.sql.empty());
      if (c.required_on_create) {
        EXPECT_FALSE(c.nullable) << c.name;
      }
    }
    for (const auto& r : m.relationships)
      EXPECT_TRUE(names.insert(r.name).second) << "relationship " << r.name << " clashes";
  }
}

// The relationship on `rel`'s target that leads back to `owner`.
const RelationshipSchema* back_reference(const ModelSchema& owner, const RelationshipSchema& rel) {
  const RelationshipSchema* found = nullptr;
  for (const auto& r : inventory_registry().target_of(rel).relationships) {
    if (r.target != owner.name) continue;
    EXPECT_EQ(found, nullptr) << "two relationships lead back from " << rel.target;
    found = &r;
  }
  return found;
}

TEST(InventoryModelsTest, RelationshipsLeadToModelsThatNameThemBack) {
  for (const auto& m : inventory_registry().models()) {
    for (const auto& rel : m.relationships) {
      SCOPED_TRACE(std::string(m.name) + "." + std::string(rel.name));
      ASSERT_NE(inventory_registry().find(rel.target), nullptr);
      const auto& target = inventory_registry().target_of(rel);
      const auto* back = back_reference(m, rel);
      ASSERT_NE(back, nullptr);
      switch (rel.kind) {
        case RelationKind::many_to_one:
          EXPECT_EQ(back->kind, RelationKind::one_to_many);
          EXPECT_EQ(back->foreign_key, rel.foreign_key);
          ASSERT_NE(m.column(rel.foreign_key), nullptr) << "the FK is a column of " << m.name;
          EXPECT_FALSE(m.column(rel.foreign_key)->creatable);
          EXPECT_FALSE(m.column(rel.foreign_key)->updatable);
          EXPECT_EQ(m.column(rel.foreign_key)->filter, Access::everyone);
          break;
        case RelationKind::one_to_many:
          EXPECT_EQ(back->kind, RelationKind::many_to_one);
          EXPECT_EQ(back->foreign_key, rel.foreign_key);
          EXPECT_NE(target.column(rel.foreign_key), nullptr);
          break;
        case RelationKind::many_to_many:
          EXPECT_EQ(back->kind, RelationKind::many_to_many);
          EXPECT_EQ(back->association, rel.association);
          EXPECT_EQ(back->association_self, rel.association_target);
          EXPECT_EQ(back->association_target, rel.association_self);
          EXPECT_TRUE(rel.foreign_key.empty());
          break;
      }
      if (rel.kind != RelationKind::many_to_many) {
        EXPECT_TRUE(rel.association.empty());
      }
    }
  }
}

TEST(InventoryModelsTest, AssociationsAreTheSchemaTables) {
  const auto* roles = model("User").relationship("roles");
  ASSERT_NE(roles, nullptr);
  EXPECT_EQ(roles->association, "user_roles");
  EXPECT_EQ(roles->association_self, "user_id");
  EXPECT_EQ(roles->association_target, "role_id");
  const auto* notes = model("Item").relationship("notes");
  ASSERT_NE(notes, nullptr);
  EXPECT_EQ(notes->association, "items_notes");
  EXPECT_EQ(notes->association_self, "item_id");
  EXPECT_EQ(notes->association_target, "note_id");
}

TEST(InventoryModelsTest, FieldPolicyOfTheSpec) {
  const auto& user = model("User");
  const auto* password = user.column("password");
  ASSERT_NE(password, nullptr);
  EXPECT_EQ(password->sql, "password_hash");
  EXPECT_EQ(password->read, Access::nobody);
  EXPECT_EQ(password->filter, Access::nobody);
  EXPECT_TRUE(password->hash_on_write);
  EXPECT_TRUE(password->required_on_create);
  EXPECT_TRUE(user.column("phone")->null_reads_as_empty_text);
  EXPECT_EQ(user.column("email")->unique_constraint, "users_email_ci");
  EXPECT_EQ(user.column("username")->unique_constraint, "users_username_key");
  std::vector<std::string> required;
  for (const auto& c : user.columns)
    if (c.required_on_create) required.emplace_back(c.name);
  EXPECT_EQ(required, (std::vector<std::string>{"username", "email", "phone", "password"}));
  EXPECT_EQ(user.touch_on_update, "updated_at");
  EXPECT_EQ(user.implicit_on_insert.size(), 3u);
  EXPECT_EQ(user.create, Access::admin);
  EXPECT_EQ(user.update, Access::admin);
  EXPECT_EQ(user.remove, Access::admin);
  EXPECT_EQ(user.relationship("roles")->write, Access::admin);
  EXPECT_EQ(user.relationship("roles")->read, Access::everyone);

  const auto& role = model("Role");
  EXPECT_EQ(role.column("role")->sql, "name");
  EXPECT_EQ(role.column("role")->unique_constraint, "roles_name_ci");
  EXPECT_EQ(role.column("key")->read, Access::admin);
  EXPECT_EQ(role.column("key")->filter, Access::nobody);
  EXPECT_TRUE(role.column("key")->required_on_create);
  EXPECT_EQ(role.relationship("users")->read, Access::admin);
  EXPECT_EQ(role.relationship("users")->write, Access::admin);
  EXPECT_EQ(role.create, Access::admin);

  for (auto name : {"Item", "Dealer"}) {
    const auto* created_at = model(name).column("created_at");
    EXPECT_FALSE(created_at->creatable) << name;
    EXPECT_FALSE(created_at->updatable) << name;
    EXPECT_TRUE(created_at->defaults_to_now) << name;
  }
  for (auto [name, col] : {std::pair{"Item_Note", "creation_time"},
                           {"Item_History", "recorded_time"},
                           {"Dealer_History", "recorder_time"},
                           {"Dealer_Notes", "created_at"}}) {
    EXPECT_TRUE(model(name).column(col)->defaults_to_now) << name;
    EXPECT_TRUE(model(name).column(col)->creatable) << name;
    EXPECT_EQ(model(name).column(col)->type, ColumnType::timestamp) << name;
  }
  for (auto name : {"Item_History", "Dealer_History"}) {
    EXPECT_EQ(model(name).create, Access::everyone) << name;
    EXPECT_EQ(model(name).update, Access::nobody) << name;
    EXPECT_EQ(model(name).remove, Access::nobody) << name;
  }
  EXPECT_TRUE(model("Item").relationship("item_history")->append_only);
  EXPECT_FALSE(model("Item").relationship("notes")->append_only);
  EXPECT_EQ(model("Item").column("purchased_price")->type, ColumnType::integer);
  EXPECT_EQ(model("Item").column("properties")->type, ColumnType::json);
}

// ---- The registry against the migrated schema, on both databases ----

using namespace store::db_test;  // NOLINT: the shared test helpers

std::string dialect_name(const ::testing::TestParamInfo<store::Dialect>& info) {
  return info.param == store::Dialect::sqlite ? "sqlite" : "postgres";
}

boost::asio::awaitable<int> migrate(store::Database& db) {
  auto applied = co_await store::apply_migrations(db);
  co_return applied;
}

class InventorySchemaTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == store::Dialect::postgres) {
      const std::string url = postgres_test_url();
      if (url.empty()) GTEST_SKIP() << "TANDEM_TEST_POSTGRES_URL is not set";
      schema_ = std::make_unique<PostgresTestSchema>(io_, url, "inventory");
      db_ = store::open_postgres({.conninfo = schema_->conninfo()});
    } else {
      file_ = std::make_unique<SqliteTestFile>("tandem-inventory");
      db_ = store::open_sqlite({.path = file_->path()});
    }
    run_on(io_, migrate(*db_));
  }
  void TearDown() override {
    db_.reset();
    schema_.reset();
    file_.reset();
  }

  store::ResultSet run(const std::string& text, store::SqlParams values = {}) {
    const store::Sql sql{"", text};
    return run_on(io_, query(*db_, sql, std::move(values)));
  }

  boost::asio::io_context io_;
  std::unique_ptr<PostgresTestSchema> schema_;
  std::unique_ptr<SqliteTestFile> file_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(InventorySchemaTest, EveryNameTheRegistryUsesExists) {
  for (const auto& m : inventory_registry().models()) {
    SCOPED_TRACE(std::string(m.name));
    std::string columns;
    for (const auto& c : m.columns) columns += (columns.empty() ? "" : ", ") + std::string(c.sql);
    for (const auto& c : m.implicit_on_insert) columns += ", " + std::string(c.sql);
    if (!m.touch_on_update.empty()) columns += ", " + std::string(m.touch_on_update);
    EXPECT_NO_THROW(run("SELECT " + columns + " FROM " + std::string(m.table) + " WHERE 1 = 0"));
    for (const auto& rel : m.relationships) {
      if (rel.kind != RelationKind::many_to_many) continue;
      EXPECT_NO_THROW(run("SELECT " + std::string(rel.association_self) + ", " +
                          std::string(rel.association_target) + " FROM " +
                          std::string(rel.association) + " WHERE 1 = 0"));
    }
  }
}

TEST_P(InventorySchemaTest, ConstantDefaultsComeFromTheSchema) {
  run("INSERT INTO items (article_number) VALUES ('A-1')");
  auto rs = run(
      "SELECT properties, dimensions, issues, parts, missing_parts, metafields, purchased_price, "
      "valuation, sold_price, images FROM items");
  ASSERT_EQ(rs.size(), 1u);
  std::vector<std::string> cells;
  for (std::size_t c = 0; c < rs.column_count(); ++c)
    cells.push_back(rs.is_null(0, c) ? "NULL" : rs.text(0, c));
  EXPECT_EQ(cells,
            (std::vector<std::string>{"{}", "{}", "[]", "[]", "[]", "{}", "0", "0", "0", "NULL"}));
  run("INSERT INTO dealers (dealer_name) VALUES ('D')");
  rs = run("SELECT purchased_count, item_count FROM dealers");
  EXPECT_EQ(rs.text(0, 0) + "/" + rs.text(0, 1), "0/0");
  run("INSERT INTO item_note_subjects (subject) VALUES ('S')");
  EXPECT_EQ(run("SELECT notes_counter FROM item_note_subjects").text(0, 0), "0");
}

// spec/beyo.md §1.5, done by the schema so that every path (API, psql) agrees.
TEST_P(InventorySchemaTest, DeletesCascadeAsTheSpecSays) {
  run("INSERT INTO dealers (id, dealer_name) VALUES (1, 'D')");
  run("INSERT INTO items (id, article_number, dealer_id) VALUES (1, 'A', 1), (2, 'B', 1)");
  run("INSERT INTO item_note_subjects (id, subject) VALUES (1, 'S')");
  run("INSERT INTO item_notes (id, note_content, subject_id) VALUES (1, 'n', 1)");
  run("INSERT INTO items_notes (item_id, note_id) VALUES (1, 1), (2, 1)");
  run("INSERT INTO item_history (id, column_name, item_id) VALUES (1, 'x', 1), (2, 'y', 2)");
  run("INSERT INTO dealer_history (id, column_name, dealer_id) VALUES (1, 'x', 1)");
  run("INSERT INTO dealer_notes (id, subject, dealer_id) VALUES (1, 's', 1)");

  run("DELETE FROM items WHERE id = 1");
  EXPECT_EQ(run("SELECT count(*) FROM item_history").integer(0, 0), 1);
  EXPECT_EQ(run("SELECT count(*) FROM items_notes").integer(0, 0), 1);
  EXPECT_EQ(run("SELECT count(*) FROM item_notes").integer(0, 0), 1) << "the note survives";

  run("DELETE FROM item_note_subjects WHERE id = 1");
  EXPECT_TRUE(run("SELECT subject_id FROM item_notes").is_null(0, 0));

  run("DELETE FROM dealers WHERE id = 1");
  EXPECT_TRUE(run("SELECT dealer_id FROM items").is_null(0, 0));
  EXPECT_TRUE(run("SELECT dealer_id FROM dealer_history").is_null(0, 0));
  EXPECT_TRUE(run("SELECT dealer_id FROM dealer_notes").is_null(0, 0));

  run("DELETE FROM item_notes WHERE id = 1");
  EXPECT_EQ(run("SELECT count(*) FROM items_notes").integer(0, 0), 0);
  EXPECT_EQ(run("SELECT count(*) FROM items").integer(0, 0), 1) << "the item survives";
}

INSTANTIATE_TEST_SUITE_P(Drivers, InventorySchemaTest,
                         ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         dialect_name);

}  // namespace
}  // namespace tandem::domain::inventory
