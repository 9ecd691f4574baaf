#include "store/db/data_version.hpp"

#include <gtest/gtest.h>

namespace tandem::store {
namespace {

TEST(ClassifyStatement, ReadsChangeNothing) {
  EXPECT_EQ(classify_statement("SELECT id FROM users WHERE id = $1"), StatementEffect::none);
  EXPECT_EQ(classify_statement("  select 1"), StatementEffect::none);
  EXPECT_EQ(classify_statement("(SELECT 1) UNION (SELECT 2)"), StatementEffect::none);
  EXPECT_EQ(classify_statement("SELECT * FROM tasks FOR UPDATE"), StatementEffect::none);
}

TEST(ClassifyStatement, WritesToUserTablesReachTheUserScope) {
  EXPECT_EQ(classify_statement("UPDATE users SET active = false"), StatementEffect::users);
  EXPECT_EQ(classify_statement("DELETE FROM user_roles WHERE user_id = $1"),
            StatementEffect::users);
  EXPECT_EQ(classify_statement("INSERT INTO roles (name) VALUES ($1)"), StatementEffect::users);
  // A logout: other instances' revocation syncs listen to this scope.
  EXPECT_EQ(classify_statement("INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2)"),
            StatementEffect::users);
}

TEST(ClassifyStatement, OtherWritesAreData) {
  EXPECT_EQ(classify_statement("INSERT INTO tasks (title) VALUES ($1) RETURNING id"),
            StatementEffect::data);
  EXPECT_EQ(classify_statement("WITH t AS (SELECT 1) DELETE FROM kpis"), StatementEffect::data);
  EXPECT_EQ(classify_statement("CREATE TABLE x (id int)"), StatementEffect::data);
}

TEST(DataVersion, ScopesMoveAsTheirWritesDo) {
  DataVersion v;
  auto any = v.current(DataScope::any);
  auto users = v.current(DataScope::users);
  EXPECT_NE(any, DataVersion::kUnknown);
  v.bump(StatementEffect::none);
  EXPECT_EQ(v.current(DataScope::any), any);
  v.bump(StatementEffect::data);
  EXPECT_NE(v.current(DataScope::any), any);
  EXPECT_EQ(v.current(DataScope::users), users);
  any = v.current(DataScope::any);
  v.bump(StatementEffect::users);
  EXPECT_NE(v.current(DataScope::any), any);
  EXPECT_NE(v.current(DataScope::users), users);
}

TEST(DataVersion, UnknownWhileNotTrackingAndNewAfterwards) {
  DataVersion v(false);
  EXPECT_EQ(v.current(DataScope::any), DataVersion::kUnknown);
  v.resume_tracking();
  auto before = v.current(DataScope::any);
  EXPECT_NE(before, DataVersion::kUnknown);
  v.stop_tracking();
  EXPECT_EQ(v.current(DataScope::users), DataVersion::kUnknown);
  v.resume_tracking();
  EXPECT_NE(v.current(DataScope::any), before);  // what was cached before the gap is stale
}

TEST(DataVersion, CombineKeepsTheWiderEffect) {
  EXPECT_EQ(combine(StatementEffect::none, StatementEffect::data), StatementEffect::data);
  EXPECT_EQ(combine(StatementEffect::users, StatementEffect::data), StatementEffect::users);
  EXPECT_EQ(combine(StatementEffect::none, StatementEffect::none), StatementEffect::none);
}

}  // namespace
}  // namespace tandem::store
