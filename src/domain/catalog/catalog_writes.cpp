// The write half of CatalogService: create_items, update_items and delete_items (spec/beyo.md
// §2.6-2.11). Each request is planned whole first (names, types, enumerations, permissions,
// limits, projections: write_plan.hpp) and its passwords hashed (slow on purpose, so never
// inside the transaction), then runs in one transaction that commits only when every element
// succeeded; any error drops the transaction, which rolls it back. Update and delete targets
// are found FOR UPDATE. A failure names the list element it happened in.

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <memory>
#include <optional>

#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/database_failure.hpp"
#include "domain/catalog/filter_parser.hpp"
#include "domain/catalog/object_values.hpp"
#include "domain/catalog/projection.hpp"
#include "domain/catalog/write_executor.hpp"
#include "domain/catalog/write_permissions.hpp"
#include "domain/catalog/write_plan.hpp"
#include "platform/clock.hpp"

namespace tandem::domain::catalog {

namespace json = boost::json;
using store::query::ModelSchema;

namespace {

const ModelSchema& model_named(const store::query::ModelRegistry& registry,
                               const std::string& name) {
  const ModelSchema* model = registry.find(name);
  if (model == nullptr) throw exception_error("No Model found with name: " + name);
  return *model;
}

struct PlannedCreate {
  Projection projection;
  std::vector<ObjectPlan> objects;
};

struct PlannedUpdate {
  const ModelSchema* model = nullptr;
  store::query::FilterTree filter;
  ObjectPlan changes;
  // A non-admin editing their own profile: every matched row must be theirs.
  bool own_rows_only = false;
};

struct PlannedDelete {
  const ModelSchema* model = nullptr;
  store::query::FilterTree filter;
  std::unique_ptr<ObjectPlan> also_do;
};

bool projects_nothing(const Projection& projection) {
  return projection.columns.empty() && projection.relations.empty();
}

// The element a failure is reported against: the one running, or the last one when the commit
// itself failed.
std::size_t failing_element(std::size_t current, std::size_t count) {
  return count == 0 ? 0 : std::min(current, count - 1);
}

std::optional<std::int64_t> first_only(bool first) {
  return first ? std::optional<std::int64_t>(1) : std::nullopt;
}

}  // namespace

boost::asio::awaitable<std::vector<json::array>> CatalogService::create_items(
    const Caller& caller, const std::vector<CreateOne>& elements) {
  PlanContext ctx{registry_, caller, limits_};
  std::vector<PlannedCreate> plans;
  plans.reserve(elements.size());
  for (std::size_t i = 0; i < elements.size(); ++i) {
    try {
      const auto& element = elements[i];
      const ModelSchema& model = model_named(registry_, element.model_name);
      require_create(model, caller);
      // Before anything is written (issue decision 7): an unreadable name writes nothing.
      PlannedCreate plan{
          parse_projection(registry_, model, element.requested_data, caller, limits_), {}};
      plan.objects = plan_creates(ctx, model, element.object_values, 0);
      plans.push_back(std::move(plan));
    } catch (CatalogError& e) {
      e.element = i;
      throw;
    }
  }
  for (auto& plan : plans)
    for (auto& object : plan.objects) co_await hash_passwords(object, identity_);

  std::unique_ptr<store::Transaction> tx;
  try {
    auto begun = co_await db_.begin();
    tx = std::move(begun);
  } catch (const store::DatabaseError& e) {
    throw from_database_error(e, registry_);
  }
  WriteExecutor writer(*tx, db_.dialect(), registry_, identity_,
                       platform::Clock::instance().now_micros());
  std::vector<json::array> results;
  results.reserve(plans.size());
  std::size_t current = 0;
  try {
    std::vector<std::vector<std::int64_t>> created(plans.size());
    for (current = 0; current < plans.size(); ++current) {
      for (const auto& object : plans[current].objects) {
        const auto id = co_await writer.create_row(object);
        created[current].push_back(id);
      }
    }
    // Projected after every write of the request, inside its transaction: what the commit
    // makes visible.
    for (current = 0; current < plans.size(); ++current) {
      const auto& projection = plans[current].projection;
      json::array rows;
      if (projects_nothing(projection)) {
        for (std::size_t n = 0; n < created[current].size(); ++n) rows.emplace_back(json::object());
      } else {
        auto objects = co_await load_projection(*tx, db_.dialect(), registry_, projection,
                                                created[current], limits_);
        rows.reserve(objects.size());
        for (auto& object : objects) rows.emplace_back(std::move(object));
      }
      results.push_back(std::move(rows));
    }
    co_await tx->commit();
  } catch (CatalogError& e) {
    e.element = failing_element(current, plans.size());
    throw;
  } catch (const store::DatabaseError& e) {
    auto mapped = from_database_error(e, registry_, writer.written());
    mapped.element = failing_element(current, plans.size());
    throw mapped;
  }
  co_return results;
}

boost::asio::awaitable<void> CatalogService::update_items(const Caller& caller,
                                                          const std::vector<UpdateOne>& elements) {
  PlanContext ctx{registry_, caller, limits_};
  std::vector<PlannedUpdate> plans;
  plans.reserve(elements.size());
  for (std::size_t i = 0; i < elements.size(); ++i) {
    try {
      const auto& element = elements[i];
      PlannedUpdate plan;
      plan.model = &model_named(registry_, element.model_name);
      if (!allows(plan.model->update, caller)) {
        if (!is_own_profile_update(*plan.model, caller, element.object_values))
          throw permission_error(Verb::update, std::string(plan.model->name));
        plan.own_rows_only = true;
      }
      plan.filter = parse_filters(registry_, *plan.model, element.query_filters, caller, limits_);
      plan.changes =
          plan_object(ctx, *plan.model, element.object_values, WriteMode::update, 0, false);
      plans.push_back(std::move(plan));
    } catch (CatalogError& e) {
      e.element = i;
      throw;
    }
  }
  for (auto& plan : plans) co_await hash_passwords(plan.changes, identity_);

  std::unique_ptr<store::Transaction> tx;
  try {
    auto begun = co_await db_.begin();
    tx = std::move(begun);
  } catch (const store::DatabaseError& e) {
    throw from_database_error(e, registry_);
  }
  WriteExecutor writer(*tx, db_.dialect(), registry_, identity_,
                       platform::Clock::instance().now_micros());
  std::size_t current = 0;
  try {
    for (current = 0; current < plans.size(); ++current) {
      const auto& plan = plans[current];
      const bool first = elements[current].update_type == UpdateType::first_match;
      // Own-profile updates look at every matched row: all of them must be the caller's.
      const auto limit = first_only(first && !plan.own_rows_only);
      auto ids = co_await writer.find(*plan.model, plan.filter, limit, /*lock_rows=*/true);
      if (plan.own_rows_only) {
        require_own_rows(*plan.model, caller, ids);
        if (first) ids.resize(1);
      } else if (ids.empty()) {
        throw exception_error("No object found with passed filters: " +
                              json::serialize(elements[current].query_filters));
      }
      co_await writer.update_rows(plan.changes, ids, /*touch=*/true);
    }
    co_await tx->commit();
  } catch (CatalogError& e) {
    e.element = failing_element(current, plans.size());
    throw;
  } catch (const store::DatabaseError& e) {
    auto mapped = from_database_error(e, registry_, writer.written());
    mapped.element = failing_element(current, plans.size());
    throw mapped;
  }
}

boost::asio::awaitable<void> CatalogService::delete_items(const Caller& caller,
                                                          const std::vector<DeleteOne>& elements) {
  PlanContext ctx{registry_, caller, limits_};
  std::vector<PlannedDelete> plans;
  plans.reserve(elements.size());
  for (std::size_t i = 0; i < elements.size(); ++i) {
    try {
      const auto& element = elements[i];
      PlannedDelete plan;
      plan.model = &model_named(registry_, element.model_name);
      require_remove(*plan.model, caller);
      plan.filter = parse_filters(registry_, *plan.model, element.query_filters, caller, limits_);
      if (element.also_do && !element.also_do->empty())
        plan.also_do = std::make_unique<ObjectPlan>(plan_object(
            ctx, *plan.model, *element.also_do, WriteMode::update, 0, /*nested_update=*/true));
      plans.push_back(std::move(plan));
    } catch (CatalogError& e) {
      e.element = i;
      throw;
    }
  }
  for (auto& plan : plans)
    if (plan.also_do) co_await hash_passwords(*plan.also_do, identity_);

  std::unique_ptr<store::Transaction> tx;
  try {
    auto begun = co_await db_.begin();
    tx = std::move(begun);
  } catch (const store::DatabaseError& e) {
    throw from_database_error(e, registry_);
  }
  WriteExecutor writer(*tx, db_.dialect(), registry_, identity_,
                       platform::Clock::instance().now_micros());
  std::size_t current = 0;
  try {
    for (current = 0; current < plans.size(); ++current) {
      const auto& plan = plans[current];
      const bool first = elements[current].deletion_type == DeletionType::delete_first;
      const auto limit = first_only(first);
      const auto ids = co_await writer.find(*plan.model, plan.filter, limit, /*lock_rows=*/true);
      if (ids.empty())
        throw exception_error("No object found in model " + std::string(plan.model->name) +
                              " with filters: " + json::serialize(elements[current].query_filters));
      // also_do runs on each row before it goes, in the query's order (id descending).
      if (plan.also_do) co_await writer.update_rows(*plan.also_do, ids, /*touch=*/false);
      co_await writer.delete_rows(*plan.model, ids);
    }
    co_await tx->commit();
  } catch (CatalogError& e) {
    e.element = failing_element(current, plans.size());
    throw;
  } catch (const store::DatabaseError& e) {
    auto mapped = from_database_error(e, registry_, writer.written());
    mapped.element = failing_element(current, plans.size());
    throw mapped;
  }
}

}  // namespace tandem::domain::catalog
