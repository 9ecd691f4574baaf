#pragma once
// The relationship keys of object_values (spec/beyo.md §2.7): link (first_link / all_link,
// also_do, action_if_none "create_entry"), unlink (unlink_matches / unlink_all), create (with
// sub_model_name and append) and create_through_rel, planned before anything runs. Every
// enumerated value is checked here, ahead of any query, so an invalid one is reported as such
// even where the query would have found nothing; nesting is bounded (max_action_levels), and
// writes through a relationship or onto its target rows need the registry's access.

#include <boost/json/value.hpp>
#include <cstddef>

#include "domain/catalog/object_values.hpp"
#include "domain/catalog/write_plan.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::domain::catalog {

// Plans `spec`, the value of the key `rel` in an object_values of `owner`. `owner_mode`: the
// owner row is being created or updated. `depth`: this action's level (1 at the top).
ActionPlan plan_action(PlanContext& ctx, const store::query::ModelSchema& owner,
                       const store::query::RelationshipSchema& rel, const boost::json::value& spec,
                       WriteMode owner_mode, std::size_t depth);

}  // namespace tandem::domain::catalog
