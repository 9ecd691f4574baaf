#include "store/db/data_version.hpp"

#include "platform/text.hpp"

namespace tandem::store {

StatementEffect classify_statement(std::string_view sql) {
  auto first = sql.find_first_not_of(" \t\r\n(");
  if (first == std::string_view::npos) return StatementEffect::none;
  sql.remove_prefix(first);
  // SELECT ... FOR UPDATE locks rows but changes none; every other statement may write.
  if (sql.size() >= 6 && platform::iequals(sql.substr(0, 6), "select")) {
    return StatementEffect::none;
  }
  // "roles" also matches user_roles. Table names are lower case throughout the schema. Revoked
  // tokens are what authentication reads too: other instances' revocation syncs wake on them.
  if (sql.find("users") != std::string_view::npos || sql.find("roles") != std::string_view::npos ||
      sql.find("revoked_tokens") != std::string_view::npos)
    return StatementEffect::users;
  return StatementEffect::data;
}

}  // namespace tandem::store
