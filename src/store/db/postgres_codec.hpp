#pragma once
// The PostgreSQL driver's conversions between the Database interface's values and libpq's text
// format: parameters out, result rows in.

#include <libpq-fe.h>

#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store::pg {

ResultSet to_result_set(PGresult* r);

// Text-format parameters. The pointers stay valid while both this and the SqlParams live.
//
// Scalars go without a type, which the server infers from where they stand, as it always has.
// JSON and arrays carry theirs (jsonb, text[], int8[]), which a bare `$1` could not reveal. The
// types reach the server with PREPARE, so the connection caches a statement per text and types.
class EncodedParams {
 public:
  explicit EncodedParams(const SqlParams& params);
  int count() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }
  // nullptr when every type is left to the server.
  const Oid* types() const { return typed_ ? types_.data() : nullptr; }

 private:
  const char* encode(const SqlValue& value, Oid& type);

  std::vector<std::string> storage_;  // reserved up front, so c_str() pointers stay put
  std::vector<const char*> values_;
  std::vector<Oid> types_;
  bool typed_ = false;
};

}  // namespace tandem::store::pg
