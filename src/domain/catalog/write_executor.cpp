#include "domain/catalog/write_executor.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "domain/catalog/catalog_error.hpp"
#include "domain/catalog/row_finder.hpp"
#include "platform/uuid.hpp"
#include "store/db/sql_dialect.hpp"

namespace tandem::domain::catalog {

namespace {

using store::query::ColumnAssignment;
using store::query::ModelSchema;
using store::query::RelationKind;
using store::query::RelationshipSchema;

// Sets `sql` to `value`, replacing an earlier value for the same column: a row created under a
// one-to-many parent belongs to that parent even if its own object_values linked it elsewhere.
void assign(std::vector<ColumnAssignment>& values, std::string_view sql, store::SqlValue value) {
  for (auto& v : values) {
    if (v.sql == sql) {
      v.value = std::move(value);
      return;
    }
  }
  values.push_back(ColumnAssignment{sql, std::move(value)});
}

bool gives(const ObjectPlan& plan, const store::query::ColumnSchema& column) {
  for (const auto& write : plan.columns)
    if (write.column == &column) return true;
  return false;
}

// A to-one link or create on a row being created sets the row's own foreign key, so it is
// resolved before the INSERT and written by it (as the original's ORM flush does).
bool resolved_before_insert(const ActionPlan& action) {
  return action.relationship->kind == RelationKind::many_to_one &&
         (action.kind == ActionKind::link || action.kind == ActionKind::create);
}

CatalogError not_found_for(std::string_view verb, const ActionPlan& action) {
  return exception_error("No object found in model " + std::string(action.target->name) +
                         " when trying to " + std::string(verb) +
                         " relationship, column name: " + std::string(action.relationship->name));
}

}  // namespace

boost::asio::awaitable<void> hash_passwords(ObjectPlan& plan, identity::IdentityService& identity) {
  for (auto& write : plan.columns) {
    if (!write.needs_hash) continue;
    auto hash = co_await identity.hash_password(std::get<std::string>(write.value));
    write.value = std::move(hash);
    write.needs_hash = false;
  }
  for (auto& action : plan.actions) {
    for (auto& created : action.created) co_await hash_passwords(created, identity);
    if (action.also_do) co_await hash_passwords(*action.also_do, identity);
    if (action.create_if_none) co_await hash_passwords(*action.create_if_none, identity);
    if (action.through) co_await hash_passwords(*action.through, identity);
  }
}

WriteExecutor::WriteExecutor(store::Transaction& tx, store::Dialect dialect,
                             const store::query::ModelRegistry& registry,
                             identity::IdentityService& identity, std::int64_t now)
    : tx_(tx), dialect_(dialect), registry_(registry), identity_(identity), now_(now) {}

boost::asio::awaitable<store::ResultSet> WriteExecutor::run(
    store::query::WriteStatement statement) {
  auto rows = co_await tx_.query(statement.sql(), statement.take_params());
  co_return rows;
}

boost::asio::awaitable<std::vector<ColumnAssignment>> WriteExecutor::stored_columns(
    const ObjectPlan& plan) {
  std::vector<ColumnAssignment> values;
  values.reserve(plan.columns.size() + 4);
  for (const auto& write : plan.columns) {
    if (write.needs_hash) {
      auto hash = co_await identity_.hash_password(std::get<std::string>(write.value));
      values.push_back(ColumnAssignment{write.column->sql, std::move(hash)});
    } else {
      values.push_back(ColumnAssignment{write.column->sql, write.value});
    }
    if (!write.column->unique_constraint.empty() &&
        !std::holds_alternative<std::nullptr_t>(write.value))
      written_.push_back(WrittenValue{plan.model, write.column, write.shown});
  }
  co_return values;
}

boost::asio::awaitable<std::int64_t> WriteExecutor::create_row(
    const ObjectPlan& plan, std::optional<ColumnAssignment> parent) {
  const ModelSchema& model = *plan.model;
  std::vector<ColumnAssignment> values;
  for (const auto& action : plan.actions) {
    if (!resolved_before_insert(action)) continue;
    std::int64_t target = 0;
    if (action.kind == ActionKind::link) {
      const auto linked = co_await link_targets(action);
      target = linked.front();
      if (action.also_do) co_await update_rows(*action.also_do, linked, false);
    } else {
      target = co_await create_row(action.created.front());
    }
    assign(values, action.relationship->foreign_key, target);
  }
  auto columns = co_await stored_columns(plan);
  for (auto& c : columns) assign(values, c.sql, std::move(c.value));
  for (const auto& column : model.columns)
    if (column.defaults_to_now && !gives(plan, column)) assign(values, column.sql, now_);
  for (const auto& implicit : model.implicit_on_insert) {
    if (implicit.value == store::query::ImplicitValue::uuid) {
      assign(values, implicit.sql, platform::new_uuid_v4());
    } else {
      assign(values, implicit.sql, now_);
    }
  }
  if (parent) assign(values, parent->sql, std::move(parent->value));

  auto insert = store::query::insert_row(store::SqlDialect::of(dialect_), model, values);
  const auto rows = co_await run(std::move(insert));
  const std::int64_t id = rows.integer(0, 0);
  for (const auto& action : plan.actions) {
    if (resolved_before_insert(action)) continue;
    co_await apply_action(model, action, id);
  }
  co_return id;
}

boost::asio::awaitable<void> WriteExecutor::update_rows(const ObjectPlan& plan,
                                                        const std::vector<std::int64_t>& ids,
                                                        bool touch) {
  if (ids.empty()) co_return;
  const ModelSchema& model = *plan.model;
  auto values = co_await stored_columns(plan);
  if ((touch || !values.empty()) && !model.touch_on_update.empty())
    assign(values, model.touch_on_update, now_);
  if (!values.empty()) {
    auto update = store::query::update_rows(store::SqlDialect::of(dialect_), model, values, ids);
    co_await run(std::move(update));
  }
  if (plan.actions.empty()) co_return;
  for (const auto id : ids) {
    for (const auto& action : plan.actions) co_await apply_action(model, action, id);
  }
}

boost::asio::awaitable<void> WriteExecutor::delete_rows(const ModelSchema& model,
                                                        const std::vector<std::int64_t>& ids) {
  if (ids.empty()) co_return;
  auto remove = store::query::delete_rows(store::SqlDialect::of(dialect_), model, ids);
  co_await run(std::move(remove));
}

boost::asio::awaitable<std::vector<std::int64_t>> WriteExecutor::find(
    const ModelSchema& model, const store::query::FilterTree& filter,
    std::optional<std::int64_t> limit, bool lock_rows) {
  auto ids = co_await find_ids(tx_, dialect_, registry_, model, filter, limit, lock_rows);
  co_return ids;
}

boost::asio::awaitable<void> WriteExecutor::apply_action(const ModelSchema& owner,
                                                         const ActionPlan& action,
                                                         std::int64_t row) {
  switch (action.kind) {
    case ActionKind::link:
      co_await link(owner, action, row);
      break;
    case ActionKind::unlink:
      co_await unlink(owner, action, row);
      break;
    case ActionKind::create:
      co_await create_related(owner, action, row);
      break;
    case ActionKind::create_through_rel:
      co_await through(owner, action, row);
      break;
  }
}

boost::asio::awaitable<std::vector<std::int64_t>> WriteExecutor::link_targets(
    const ActionPlan& action) {
  // first_link is the highest id; a to-one relationship takes the first match even with all_link.
  const bool one = action.link_type == LinkType::first_link ||
                   action.relationship->kind == RelationKind::many_to_one;
  const std::optional<std::int64_t> limit = one ? std::optional<std::int64_t>(1) : std::nullopt;
  auto ids = co_await find(*action.target, action.filter, limit, false);
  if (!ids.empty()) co_return ids;
  if (!action.create_if_none) throw not_found_for("link", action);
  const auto created = co_await create_row(*action.create_if_none);
  ids.push_back(created);
  co_return ids;
}

boost::asio::awaitable<void> WriteExecutor::link(const ModelSchema& owner, const ActionPlan& action,
                                                 std::int64_t row) {
  const auto targets = co_await link_targets(action);
  const auto& d = store::SqlDialect::of(dialect_);
  const RelationshipSchema& rel = *action.relationship;
  const std::vector<std::int64_t> rows{row};
  auto attach = rel.kind == RelationKind::many_to_one
                    ? store::query::set_reference(d, owner, rel, targets.front(), rows)
                : rel.kind == RelationKind::one_to_many
                    ? store::query::adopt_children(d, registry_, rel, row, targets)
                    : store::query::link_association(d, rel, row, targets);
  co_await run(std::move(attach));
  if (action.also_do) co_await update_rows(*action.also_do, targets, false);
}

boost::asio::awaitable<void> WriteExecutor::unlink(const ModelSchema& owner,
                                                   const ActionPlan& action, std::int64_t row) {
  const auto& d = store::SqlDialect::of(dialect_);
  const RelationshipSchema& rel = *action.relationship;
  if (rel.kind == RelationKind::many_to_one) {
    const std::vector<std::int64_t> rows{row};
    auto clear = store::query::set_reference(d, owner, rel, std::nullopt, rows);
    co_await run(std::move(clear));
    co_return;
  }
  std::optional<std::vector<std::int64_t>> only;
  if (action.unlink_type == UnlinkType::unlink_matches) {
    const std::optional<std::int64_t> limit =
        action.matches == MatchCount::first_match ? std::optional<std::int64_t>(1) : std::nullopt;
    auto matches = co_await find(*action.target, action.filter, limit, false);
    if (matches.empty()) throw not_found_for("unlink", action);
    // Every match must be linked now, or nothing is removed (the request fails).
    const auto linked = co_await related(owner, rel, row, matches);
    for (const auto id : matches) {
      if (std::find(linked.begin(), linked.end(), id) == linked.end())
        throw exception_error("Column " + std::string(rel.name) +
                              " has no relationship with object id: " + std::to_string(id));
    }
    only = std::move(matches);
  }
  auto detach = rel.kind == RelationKind::one_to_many
                    ? store::query::release_children(d, registry_, rel, row, only)
                    : store::query::unlink_association(d, rel, row, only);
  co_await run(std::move(detach));
}

boost::asio::awaitable<void> WriteExecutor::create_related(const ModelSchema& owner,
                                                           const ActionPlan& action,
                                                           std::int64_t row) {
  const auto& d = store::SqlDialect::of(dialect_);
  const RelationshipSchema& rel = *action.relationship;
  const std::optional<std::vector<std::int64_t>> every = std::nullopt;
  switch (rel.kind) {
    case RelationKind::many_to_one: {
      const auto created = co_await create_row(action.created.front());
      const std::vector<std::int64_t> rows{row};
      auto attach = store::query::set_reference(d, owner, rel, created, rows);
      co_await run(std::move(attach));
      break;
    }
    case RelationKind::one_to_many: {
      // Without append the new rows replace the present ones, which are detached first.
      if (!action.append) {
        auto detach = store::query::release_children(d, registry_, rel, row, every);
        co_await run(std::move(detach));
      }
      for (const auto& plan : action.created) {
        ColumnAssignment parent{rel.foreign_key, row};
        co_await create_row(plan, std::move(parent));
      }
      break;
    }
    case RelationKind::many_to_many: {
      if (!action.append) {
        auto detach = store::query::unlink_association(d, rel, row, every);
        co_await run(std::move(detach));
      }
      std::vector<std::int64_t> created;
      created.reserve(action.created.size());
      for (const auto& plan : action.created) {
        const auto id = co_await create_row(plan);
        created.push_back(id);
      }
      auto attach = store::query::link_association(d, rel, row, created);
      co_await run(std::move(attach));
      break;
    }
  }
}

boost::asio::awaitable<void> WriteExecutor::through(const ModelSchema& owner,
                                                    const ActionPlan& action, std::int64_t row) {
  const auto ids = co_await related(owner, *action.relationship, row, std::nullopt);
  co_await update_rows(*action.through, ids, false);
}

boost::asio::awaitable<std::vector<std::int64_t>> WriteExecutor::related(
    const ModelSchema& owner, const RelationshipSchema& rel, std::int64_t row,
    const std::optional<std::vector<std::int64_t>>& among) {
  auto select =
      store::query::related_ids(store::SqlDialect::of(dialect_), registry_, owner, rel, row, among);
  const auto rows = co_await run(std::move(select));
  std::vector<std::int64_t> ids;
  ids.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) ids.push_back(rows.integer(i, 0));
  co_return ids;
}

}  // namespace tandem::domain::catalog
