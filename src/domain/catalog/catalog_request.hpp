#pragma once
// The four schemes requests after the face checked their envelope (spec/beyo.md §2.2, §2.6-2.9):
// top-level keys, their JSON types and the enumerations the face validates are settled; what is
// left (names, operations, values, actions) is the catalog's to check against the registry.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace tandem::domain::catalog {

// Who asks. Admin = holds the role "admin" (any spelling, design.md).
struct Caller {
  std::int64_t user_id = 0;
  bool admin = false;
};

struct GetItems {
  std::string model_name;
  boost::json::array requested_data;
  boost::json::object query_filters;
  std::int64_t per_page = 0;           // 0: the default (max_per_page); larger values are clamped
  std::optional<std::int64_t> cursor;  // exclusive upper bound on id; none or 0: no cursor
};

struct CreateOne {
  std::string model_name;
  boost::json::value object_values;  // an object, or a non-empty array of objects
  boost::json::array requested_data;
  std::string reference;
};

enum class UpdateType { first_match, all_matches };
struct UpdateOne {
  std::string model_name;
  boost::json::object query_filters;  // non-empty
  UpdateType update_type = UpdateType::first_match;
  boost::json::object object_values;  // non-empty
  std::string reference;
};

enum class DeletionType { delete_first, delete_all };
struct DeleteOne {
  std::string model_name;
  boost::json::object query_filters;  // non-empty
  DeletionType deletion_type = DeletionType::delete_first;
  std::optional<boost::json::object> also_do;
  std::string reference;
};

}  // namespace tandem::domain::catalog
