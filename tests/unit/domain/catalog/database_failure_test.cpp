#include "domain/catalog/database_failure.hpp"

#include <gtest/gtest.h>

#include "domain/inventory/inventory_models.hpp"

namespace tandem::domain::catalog {
namespace {

using store::DatabaseError;
using Kind = store::DatabaseError::Kind;

const store::query::ModelRegistry& registry() { return inventory::inventory_registry(); }

TEST(DatabaseFailureTest, UniqueViolationNamesTheFieldAndTheWrittenValue) {
  const auto& user = *registry().find("User");
  const std::vector<WrittenValue> written{{&user, user.column("email"), "first@x.io"},
                                          {&user, user.column("username"), "ann"},
                                          {&user, user.column("email"), "Ann@X.io"}};
  // PostgreSQL names the index; the driver's own text is never used.
  auto pg = from_database_error(
      DatabaseError(Kind::unique_violation, "duplicate key (lower(email))=(ann@x.io)",
                    "users_email_ci", "23505"),
      registry(), written);
  EXPECT_EQ(pg.kind, ErrorClass::integrity);
  EXPECT_EQ(pg.integrity, IntegrityKind::unique);
  EXPECT_EQ(pg.field, "email");
  EXPECT_EQ(pg.value, "Ann@X.io");
  EXPECT_EQ(pg.server_message, "SQLSTATE 23505; constraint: users_email_ci");
  // SQLite names a UNIQUE column as table.column: the same answer.
  auto lite = from_database_error(
      DatabaseError(Kind::unique_violation, "UNIQUE constraint failed: users.username", "", "23505",
                    "users.username"),
      registry(), written);
  EXPECT_EQ(lite.field, "username");
  EXPECT_EQ(lite.value, "ann");
  EXPECT_EQ(lite.server_message, "SQLSTATE 23505; constraint: users_username_key");
  // The role's API name, not the table's column.
  auto role = from_database_error(
      DatabaseError(Kind::unique_violation, "x", "roles_name_ci", "23505"), registry());
  EXPECT_EQ(role.field, "role");
  EXPECT_EQ(role.value, "");
}

TEST(DatabaseFailureTest, OtherIntegrityErrors) {
  auto not_null = from_database_error(
      DatabaseError(Kind::check_violation, "null value", "", "23502", "phone"), registry());
  EXPECT_EQ(not_null.kind, ErrorClass::integrity);
  EXPECT_EQ(not_null.integrity, IntegrityKind::not_null);
  EXPECT_EQ(not_null.field, "phone");
  EXPECT_EQ(not_null.server_message, "SQLSTATE 23502; column: phone");
  auto fk = from_database_error(
      DatabaseError(Kind::foreign_key_violation, "fk", "items_dealer_id_fkey", "23503"),
      registry());
  EXPECT_EQ(fk.kind, ErrorClass::integrity);
  EXPECT_EQ(fk.integrity, IntegrityKind::other);
  EXPECT_EQ(fk.server_message, "SQLSTATE 23503");
  // A driver that could not tell the code: the kind stands for it.
  auto unknown_code =
      from_database_error(DatabaseError(Kind::foreign_key_violation, "fk"), registry());
  EXPECT_EQ(unknown_code.server_message, "SQLSTATE 23503");
}

TEST(DatabaseFailureTest, DataAndOperationalClasses) {
  auto data = from_database_error(DatabaseError(Kind::other, "integer out of range", "", "22003"),
                                  registry());
  EXPECT_EQ(data.kind, ErrorClass::data);
  EXPECT_EQ(data.server_message, "SQLSTATE 22003");
  for (auto code : {"08006", "40001", "40P01", "53300", "54000", "55P03", "57014", "58030"}) {
    auto e = from_database_error(DatabaseError(Kind::other, "x", "", code), registry());
    EXPECT_EQ(e.kind, ErrorClass::operational) << code;
    EXPECT_EQ(e.server_message, std::string("SQLSTATE ") + code);
  }
  auto down =
      from_database_error(DatabaseError(Kind::unavailable, "connection refused"), registry());
  EXPECT_EQ(down.kind, ErrorClass::operational);
  EXPECT_EQ(down.server_message, "SQLSTATE 08006");
  auto busy = from_database_error(DatabaseError(Kind::overloaded, "queue full"), registry());
  EXPECT_EQ(busy.kind, ErrorClass::operational);
}

}  // namespace
}  // namespace tandem::domain::catalog
