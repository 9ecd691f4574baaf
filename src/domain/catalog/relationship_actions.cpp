#include "domain/catalog/relationship_actions.hpp"

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "domain/catalog/filter_parser.hpp"
#include "domain/catalog/write_permissions.hpp"

namespace tandem::domain::catalog {

namespace {

namespace json = boost::json;
using store::query::ModelSchema;
using store::query::RelationKind;
using store::query::RelationshipSchema;

bool is_empty(const json::value& v) {
  if (v.is_null()) return true;
  if (const auto* s = v.if_string()) return s->empty();
  if (const auto* o = v.if_object()) return o->empty();
  if (const auto* a = v.if_array()) return a->empty();
  return false;
}

CatalogError no_action_or_values() { return exception_error("no action or values provided"); }

std::string where(const ModelSchema& owner, const RelationshipSchema& rel) {
  return "relationship " + std::string(rel.name) + " in model " + std::string(owner.name);
}

// The string under `key` of `spec`, or empty when it is absent or not a string.
std::string_view string_at(const json::object& spec, std::string_view key) {
  const auto* v = spec.if_contains(key);
  if (v == nullptr) return {};
  const auto* s = v->if_string();
  return s != nullptr ? std::string_view(*s) : std::string_view{};
}

// A model name that must be the relationship's target (link's values key, sub_model_name).
void require_target_name(PlanContext& ctx, const ModelSchema& owner, const RelationshipSchema& rel,
                         std::string_view name) {
  if (ctx.registry.find(name) == nullptr)
    throw exception_error("No Model found with name: " + std::string(name));
  if (name != rel.target)
    throw exception_error("Model " + std::string(name) + " is not the target of " +
                          where(owner, rel));
}

// query_filters of a link or unlink: required and non-empty (an empty filter would touch every
// row of the target), parsed against the target model.
store::query::FilterTree required_filter(PlanContext& ctx, const ModelSchema& target,
                                         const json::object& spec) {
  const auto* v = spec.if_contains("query_filters");
  const auto* filters = v != nullptr ? v->if_object() : nullptr;
  if (filters == nullptr || filters->empty())
    throw exception_error("no value was given in key: query_filters");
  return parse_filters(ctx.registry, target, *filters, ctx.caller, ctx.limits);
}

// An ObjectValues applied to existing rows of `target` (also_do, create_through_rel).
std::unique_ptr<ObjectPlan> plan_update_object(PlanContext& ctx, const ModelSchema& target,
                                               const json::value& v, std::size_t depth) {
  const auto* object = v.if_object();
  if (object == nullptr || object->empty()) throw no_action_or_values();
  return std::make_unique<ObjectPlan>(
      plan_object(ctx, target, *object, WriteMode::update, depth, /*nested_update=*/true));
}

void plan_link(PlanContext& ctx, const ModelSchema& owner, const RelationshipSchema& rel,
               const json::value& values, std::size_t depth, ActionPlan& plan) {
  const auto* by_model = values.if_object();
  if (by_model == nullptr) throw no_action_or_values();
  if (by_model->size() != 1) {
    // Only the target's name can be a key; report the first other one.
    for (const auto& entry : *by_model) require_target_name(ctx, owner, rel, entry.key());
  }
  const auto& entry = *by_model->begin();
  require_target_name(ctx, owner, rel, entry.key());
  const auto* spec = entry.value().if_object();
  if (spec == nullptr || spec->empty()) throw no_action_or_values();

  // Enumerations first: reported as such whatever the rest holds.
  const auto link_type = string_at(*spec, "link_type");
  if (link_type == "first_link") {
    plan.link_type = LinkType::first_link;
  } else if (link_type == "all_link") {
    plan.link_type = LinkType::all_link;
  } else {
    throw exception_error("invalid link type in key: link_type");
  }
  bool create_entry = false;
  if (const auto* if_none = spec->if_contains("action_if_none"); if_none && !is_empty(*if_none)) {
    const auto* s = if_none->if_string();
    if (s == nullptr || *s != "create_entry")
      throw exception_error("invalid action in key: action_if_none");
    create_entry = true;
  }

  plan.filter = required_filter(ctx, *plan.target, *spec);
  // Linking a to-many row rewrites the target row's foreign key.
  if (rel.kind == RelationKind::one_to_many) require_update(*plan.target, ctx.caller);
  if (create_entry) {
    const auto* values_for_none = spec->if_contains("values_for_none_action");
    const auto* object = values_for_none != nullptr ? values_for_none->if_object() : nullptr;
    if (object == nullptr || object->empty())
      throw exception_error("no value was given in key: values_for_none_action");
    plan.create_if_none = std::make_unique<ObjectPlan>(
        plan_object(ctx, *plan.target, *object, WriteMode::create, depth));
  }
  if (const auto* also_do = spec->if_contains("also_do"); also_do && !also_do->is_null())
    plan.also_do = plan_update_object(ctx, *plan.target, *also_do, depth);
}

void plan_unlink(PlanContext& ctx, const ModelSchema& owner, const RelationshipSchema& rel,
                 const json::value& values, ActionPlan& plan) {
  if (rel.append_only)
    throw exception_error("Rows of " + where(owner, rel) +
                          " are an audit trail and cannot be unlinked");
  const auto* spec = values.if_object();
  if (spec == nullptr) throw no_action_or_values();
  const auto unlink_type = string_at(*spec, "unlink_type");
  if (unlink_type == "unlink_matches") {
    plan.unlink_type = UnlinkType::unlink_matches;
  } else if (unlink_type == "unlink_all") {
    plan.unlink_type = UnlinkType::unlink_all;
  } else {
    throw exception_error("invalid unlink type in key: unlink_type");
  }
  // A to-one relationship is simply cleared, whatever the rest says; an enumerated value it
  // carries is still checked, before any query runs (§2.7, validation order).
  const bool to_one = rel.kind == RelationKind::many_to_one;
  if (plan.unlink_type == UnlinkType::unlink_matches &&
      (!to_one || spec->contains("query_matches"))) {
    const auto matches = string_at(*spec, "query_matches");
    if (matches == "first_match") {
      plan.matches = MatchCount::first_match;
    } else if (matches == "all_matches") {
      plan.matches = MatchCount::all_matches;
    } else {
      throw exception_error("invalid query matches in key: query_matches");
    }
  }
  if (to_one) return;
  if (plan.unlink_type == UnlinkType::unlink_matches)
    plan.filter = required_filter(ctx, *plan.target, *spec);
  // Unlinking from a to-many relationship clears the target rows' foreign key.
  if (rel.kind == RelationKind::one_to_many) require_update(*plan.target, ctx.caller);
}

void plan_create(PlanContext& ctx, const ModelSchema& owner, const RelationshipSchema& rel,
                 const json::object& spec, const json::value& values, std::size_t depth,
                 ActionPlan& plan) {
  const auto* sub_model = spec.if_contains("sub_model_name");
  if (sub_model == nullptr || !sub_model->is_string())
    throw exception_error("no value was given in key: sub_model_name");
  require_target_name(ctx, owner, rel, sub_model->get_string());
  if (const auto* append = spec.if_contains("append"); append && !append->is_null()) {
    if (!append->is_bool()) throw exception_error("invalid value in key: append");
    plan.append = append->get_bool();
  }
  const bool to_one = rel.kind == RelationKind::many_to_one;
  if (rel.append_only && !plan.append)
    throw exception_error("Rows of " + where(owner, rel) +
                          " are an audit trail: create needs \"append\": true");
  if (to_one && values.is_array())
    throw exception_error("A single object is needed to create " + where(owner, rel));
  // Replacing a to-many relationship detaches the present rows (their foreign key is cleared).
  if (!to_one && !plan.append && rel.kind == RelationKind::one_to_many)
    require_update(*plan.target, ctx.caller);
  plan.created = plan_creates(ctx, *plan.target, values, depth);
}

}  // namespace

ActionPlan plan_action(PlanContext& ctx, const ModelSchema& owner, const RelationshipSchema& rel,
                       const json::value& spec_value, WriteMode owner_mode, std::size_t depth) {
  if (depth > ctx.limits.max_action_levels)
    throw exception_error("object_values exceeds maximum depth of " +
                          std::to_string(ctx.limits.max_action_levels) +
                          " nested relationship actions");
  const auto* spec = spec_value.if_object();
  if (spec == nullptr) throw no_action_or_values();
  const auto* action = spec->if_contains("action");
  const auto* values = spec->if_contains("values");
  if (action == nullptr || is_empty(*action) || values == nullptr || is_empty(*values))
    throw no_action_or_values();

  ActionPlan plan;
  const auto name = action->is_string() ? std::string_view(action->get_string()) : "";
  if (name == "link") {
    plan.kind = ActionKind::link;
  } else if (name == "unlink") {
    plan.kind = ActionKind::unlink;
  } else if (name == "create") {
    plan.kind = ActionKind::create;
  } else if (name == "create_through_rel") {
    plan.kind = ActionKind::create_through_rel;
  } else {
    throw exception_error("invalid action in key: action");
  }
  require_relationship_write(owner, rel, ctx.caller,
                             owner_mode == WriteMode::create ? Verb::create : Verb::update);
  plan.relationship = &rel;
  plan.target = &ctx.registry.target_of(rel);

  switch (plan.kind) {
    case ActionKind::link:
      plan_link(ctx, owner, rel, *values, depth, plan);
      break;
    case ActionKind::unlink:
      plan_unlink(ctx, owner, rel, *values, plan);
      break;
    case ActionKind::create:
      plan_create(ctx, owner, rel, *spec, *values, depth, plan);
      break;
    case ActionKind::create_through_rel:
      plan.through = plan_update_object(ctx, *plan.target, *values, depth);
      break;
  }
  return plan;
}

}  // namespace tandem::domain::catalog
