#pragma once
// A write request after every check that needs no database (spec/beyo.md §2.6-2.10): names
// resolved against the registry, values converted to their columns' types, enumerations,
// permissions, depth and size checked, filters parsed. A request is planned whole before its
// transaction begins, so an invalid value deep in the last element is reported as such, and
// nothing is written, even where an earlier query would have found nothing (§2.7 "validation
// order"). Executing a plan (write_executor.hpp) only runs queries and statements.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/db/database.hpp"
#include "store/query/filter_tree.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::domain::catalog {

// One column of object_values, converted. A hash_on_write column holds the plain text until
// hash_passwords (write_executor.hpp) replaces it, before the transaction begins.
struct ColumnWrite {
  const store::query::ColumnSchema* column = nullptr;
  store::SqlValue value;
  bool needs_hash = false;  // `value` is a password in plain text
  // What a unique violation on this column reports as the value (unique columns only).
  std::string shown;
};

struct ObjectPlan;

enum class ActionKind { link, unlink, create, create_through_rel };
enum class LinkType { first_link, all_link };
enum class UnlinkType { unlink_matches, unlink_all };
enum class MatchCount { first_match, all_matches };

// One relationship key of object_values (§2.7).
struct ActionPlan {
  ActionKind kind = ActionKind::link;
  const store::query::RelationshipSchema* relationship = nullptr;
  const store::query::ModelSchema* target = nullptr;

  // link, and unlink with unlink_matches: the rows of `target` the action is about.
  store::query::FilterTree filter;
  LinkType link_type = LinkType::first_link;
  std::unique_ptr<ObjectPlan> also_do;         // link: applied to each linked row
  std::unique_ptr<ObjectPlan> create_if_none;  // link: action_if_none "create_entry"
  UnlinkType unlink_type = UnlinkType::unlink_all;
  MatchCount matches = MatchCount::first_match;  // unlink_matches

  // create: the new rows, in document order; without `append` a to-many relationship is
  // replaced by them.
  std::vector<ObjectPlan> created;
  bool append = false;

  // create_through_rel: applied to each currently related row, id ascending.
  std::unique_ptr<ObjectPlan> through;
};

// One object of object_values (a row to create, or the changes for rows to update): its column
// writes and relationship actions, both in document order.
struct ObjectPlan {
  const store::query::ModelSchema* model = nullptr;
  std::vector<ColumnWrite> columns;
  std::vector<ActionPlan> actions;
};

}  // namespace tandem::domain::catalog
