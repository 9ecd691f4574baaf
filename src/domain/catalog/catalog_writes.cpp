// The write half of CatalogService: create_items, update_items and delete_items (spec/beyo.md
// §2.6-2.11). Each request is planned whole first (names, types, enumerations, permissions,
// limits, projections: write_plan.hpp) and its passwords hashed (slow on purpose, so never
// inside the transaction), then runs in one transaction that commits only when every element
// succeeded; any error drops the transaction, which rolls it back. Update and delete targets
// are found FOR UPDATE. A failure names the list element it happened in.

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

PlannedCreate plan_create(PlanContext& ctx, const CreateOne& element) {
  const ModelSchema& model = model_named(ctx.registry, element.model_name);
  require_create(model, ctx.caller);
  // Before anything is written (issue decision 7): an unreadable name writes nothing.
  PlannedCreate plan{
      parse_projection(ctx.registry, model, element.requested_data, ctx.caller, ctx.limits), {}};
  plan.objects = plan_creates(ctx, model, element.object_values, 0);
  return plan;
}

PlannedUpdate plan_update(PlanContext& ctx, const UpdateOne& element) {
  PlannedUpdate plan;
  plan.model = &model_named(ctx.registry, element.model_name);
  if (!allows(plan.model->update, ctx.caller)) {
    if (!is_own_profile_update(*plan.model, ctx.caller, element.object_values))
      throw permission_error(Verb::update, std::string(plan.model->name));
    plan.own_rows_only = true;
  }
  plan.filter =
      parse_filters(ctx.registry, *plan.model, element.query_filters, ctx.caller, ctx.limits);
  plan.changes = plan_object(ctx, *plan.model, element.object_values, WriteMode::update, 0, false);
  return plan;
}

PlannedDelete plan_delete(PlanContext& ctx, const DeleteOne& element) {
  PlannedDelete plan;
  plan.model = &model_named(ctx.registry, element.model_name);
  require_remove(*plan.model, ctx.caller);
  plan.filter =
      parse_filters(ctx.registry, *plan.model, element.query_filters, ctx.caller, ctx.limits);
  if (element.also_do && !element.also_do->empty())
    plan.also_do = std::make_unique<ObjectPlan>(plan_object(
        ctx, *plan.model, *element.also_do, WriteMode::update, 0, /*nested_update=*/true));
  return plan;
}

// Every element planned before anything is written; a failure names the element it is in.
template <typename Element, typename Plan>
std::vector<Plan> plan_each(PlanContext& ctx, const std::vector<Element>& elements,
                            Plan (*plan_one)(PlanContext&, const Element&)) {
  std::vector<Plan> plans;
  plans.reserve(elements.size());
  for (std::size_t i = 0; i < elements.size(); ++i) {
    try {
      plans.push_back(plan_one(ctx, elements[i]));
    } catch (CatalogError& e) {
      e.element = i;
      throw;
    }
  }
  return plans;
}

// The transaction a write request runs in and the writer that writes through it. Each element's
// work runs through run(), so that whatever fails is reported against that element, and a
// database error as the catalog error it means (with the values this request wrote, for a unique
// violation). A commit that fails is reported against the last element.
class RequestTransaction {
 public:
  static boost::asio::awaitable<std::unique_ptr<RequestTransaction>> begin(
      store::Database& db, const store::query::ModelRegistry& registry,
      identity::IdentityService& identity, std::size_t elements) {
    std::unique_ptr<store::Transaction> tx;
    try {
      auto begun = co_await db.begin();
      tx = std::move(begun);
    } catch (const store::DatabaseError& e) {
      throw from_database_error(e, registry);
    }
    co_return std::make_unique<RequestTransaction>(std::move(tx), db.dialect(), registry, identity,
                                                   elements);
  }

  RequestTransaction(std::unique_ptr<store::Transaction> tx, store::Dialect dialect,
                     const store::query::ModelRegistry& registry,
                     identity::IdentityService& identity, std::size_t elements)
      : tx_(std::move(tx)),
        writer_(*tx_, dialect, registry, identity, platform::Clock::instance().now_micros()),
        registry_(registry),
        last_element_(elements == 0 ? 0 : elements - 1) {}

  store::Transaction& transaction() { return *tx_; }
  WriteExecutor& writer() { return writer_; }

  boost::asio::awaitable<void> run(std::size_t element, boost::asio::awaitable<void> work) {
    try {
      co_await std::move(work);
    } catch (CatalogError& e) {
      e.element = element;
      throw;
    } catch (const store::DatabaseError& e) {
      auto mapped = from_database_error(e, registry_, writer_.written());
      mapped.element = element;
      throw mapped;
    }
  }

  boost::asio::awaitable<void> commit() {
    auto committing = tx_->commit();
    co_await run(last_element_, std::move(committing));
  }

 private:
  std::unique_ptr<store::Transaction> tx_;
  WriteExecutor writer_;
  const store::query::ModelRegistry& registry_;
  std::size_t last_element_;
};

// One element of a create: its objects' rows, in order; their ids go to `ids`.
boost::asio::awaitable<void> create_rows(WriteExecutor& writer, const PlannedCreate& plan,
                                         std::vector<std::int64_t>& ids) {
  for (const auto& object : plan.objects) {
    const auto id = co_await writer.create_row(object);
    ids.push_back(id);
  }
}

bool projects_nothing(const Projection& projection) {
  return projection.columns.empty() && projection.relations.empty();
}

// The rows one element of a create made, as its projection shows them (an empty object each when
// it projects nothing), read through `runner`: what the commit makes visible.
boost::asio::awaitable<void> project_created(store::Queryable& runner, store::Dialect dialect,
                                             const PlanContext& ctx, const Projection& projection,
                                             const std::vector<std::int64_t>& ids,
                                             json::array& rows) {
  if (projects_nothing(projection)) {
    for (std::size_t n = 0; n < ids.size(); ++n) rows.emplace_back(json::object());
    co_return;
  }
  auto objects =
      co_await load_projection(runner, dialect, ctx.registry, projection, ids, ctx.limits);
  rows.reserve(objects.size());
  for (auto& object : objects) rows.emplace_back(std::move(object));
}

std::optional<std::int64_t> first_only(bool first) {
  return first ? std::optional<std::int64_t>(1) : std::nullopt;
}

// One element of an update: its target rows, found FOR UPDATE, changed.
boost::asio::awaitable<void> update_one(WriteExecutor& writer, const Caller& caller,
                                        const PlannedUpdate& plan, const UpdateOne& element) {
  const bool first = element.update_type == UpdateType::first_match;
  // Own-profile updates look at every matched row: all of them must be the caller's.
  const auto limit = first_only(first && !plan.own_rows_only);
  auto ids = co_await writer.find(*plan.model, plan.filter, limit, /*lock_rows=*/true);
  if (plan.own_rows_only) {
    require_own_rows(*plan.model, caller, ids);
    if (first) ids.resize(1);
  } else if (ids.empty()) {
    throw exception_error("No object found with passed filters: " +
                          json::serialize(element.query_filters));
  }
  co_await writer.update_rows(plan.changes, ids, /*touch=*/true);
}

// One element of a delete: its target rows, found FOR UPDATE, deleted.
boost::asio::awaitable<void> delete_one(WriteExecutor& writer, const PlannedDelete& plan,
                                        const DeleteOne& element) {
  const bool first = element.deletion_type == DeletionType::delete_first;
  const auto limit = first_only(first);
  const auto ids = co_await writer.find(*plan.model, plan.filter, limit, /*lock_rows=*/true);
  if (ids.empty())
    throw exception_error("No object found in model " + std::string(plan.model->name) +
                          " with filters: " + json::serialize(element.query_filters));
  // also_do runs on each row before it goes, in the query's order (id descending).
  if (plan.also_do) co_await writer.update_rows(*plan.also_do, ids, /*touch=*/false);
  co_await writer.delete_rows(*plan.model, ids);
}

}  // namespace

boost::asio::awaitable<std::vector<json::array>> CatalogService::create_items(
    const Caller& caller, const std::vector<CreateOne>& elements) {
  PlanContext ctx{registry_, caller, limits_};
  auto plans = plan_each(ctx, elements, plan_create);
  for (auto& plan : plans)
    for (auto& object : plan.objects) co_await hash_passwords(object, identity_);

  auto request = co_await RequestTransaction::begin(db_, registry_, identity_, plans.size());
  std::vector<std::vector<std::int64_t>> created(plans.size());
  for (std::size_t i = 0; i < plans.size(); ++i) {
    auto work = create_rows(request->writer(), plans[i], created[i]);
    co_await request->run(i, std::move(work));
  }
  // Projected after every write of the request, inside its transaction.
  std::vector<json::array> results(plans.size());
  for (std::size_t i = 0; i < plans.size(); ++i) {
    auto work = project_created(request->transaction(), db_.dialect(), ctx, plans[i].projection,
                                created[i], results[i]);
    co_await request->run(i, std::move(work));
  }
  co_await request->commit();
  co_return results;
}

boost::asio::awaitable<void> CatalogService::update_items(const Caller& caller,
                                                          const std::vector<UpdateOne>& elements) {
  PlanContext ctx{registry_, caller, limits_};
  auto plans = plan_each(ctx, elements, plan_update);
  for (auto& plan : plans) co_await hash_passwords(plan.changes, identity_);

  auto request = co_await RequestTransaction::begin(db_, registry_, identity_, plans.size());
  for (std::size_t i = 0; i < plans.size(); ++i) {
    auto work = update_one(request->writer(), caller, plans[i], elements[i]);
    co_await request->run(i, std::move(work));
  }
  co_await request->commit();
}

boost::asio::awaitable<void> CatalogService::delete_items(const Caller& caller,
                                                          const std::vector<DeleteOne>& elements) {
  PlanContext ctx{registry_, caller, limits_};
  auto plans = plan_each(ctx, elements, plan_delete);
  for (auto& plan : plans)
    if (plan.also_do) co_await hash_passwords(*plan.also_do, identity_);

  auto request = co_await RequestTransaction::begin(db_, registry_, identity_, plans.size());
  for (std::size_t i = 0; i < plans.size(); ++i) {
    auto work = delete_one(request->writer(), plans[i], elements[i]);
    co_await request->run(i, std::move(work));
  }
  co_await request->commit();
}

}  // namespace tandem::domain::catalog
