// The read half of CatalogService: get_items and project_user (spec/beyo.md §2.2-2.5, §3.2).
// Reads run on the Database, not in a transaction (an SQLite transaction would take the single
// writer); the root level, with its to-one levels joined, is the filtering SELECT itself, so a
// page is one round trip plus one query per nested to-many level.

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/database_failure.hpp"
#include "domain/catalog/filter_parser.hpp"
#include "domain/catalog/projection.hpp"
#include "store/db/sql_dialect.hpp"
#include "store/query/select_compiler.hpp"

namespace tandem::domain::catalog {

namespace json = boost::json;
using store::query::ModelSchema;

namespace {

// The platform's users table. Only admins list other users (the v1 face lists users to admins
// only and the KPI face hides other people's emails; design.md: the stricter rule wins), so a
// non-admin's query on it sees their own row at most.
constexpr std::string_view kUsersTable = "users";

const ModelSchema& user_model(const store::query::ModelRegistry& registry) {
  for (const auto& model : registry.models())
    if (model.table == kUsersTable) return model;
  throw exception_error("No Model found with name: User");
}

}  // namespace

CatalogService::CatalogService(store::Database& db, const store::query::ModelRegistry& registry,
                               identity::IdentityService& identity, CatalogLimits limits)
    : db_(db), registry_(registry), identity_(identity), limits_(limits) {}

boost::asio::awaitable<json::array> CatalogService::get_items(const Caller& caller,
                                                              const GetItems& req) {
  const ModelSchema* model = registry_.find(req.model_name);
  if (model == nullptr) throw exception_error("No Model found with name: " + req.model_name);
  const Projection projection =
      parse_projection(registry_, *model, req.requested_data, caller, limits_);
  store::query::FilterTree filter =
      parse_filters(registry_, *model, req.query_filters, caller, limits_);
  if (!caller.admin && model->table == kUsersTable) {
    store::query::FilterTerm own_row;
    own_row.target.column = &model->id();
    own_row.condition.values.emplace_back(caller.user_id);
    filter.all.push_back(std::move(own_row));
  }

  const RootOutput output = root_output(projection);
  store::query::SelectSpec spec;
  spec.model = model;
  spec.filter = &filter;
  spec.columns = output.columns;
  spec.joins = output.joins;
  if (req.cursor && *req.cursor != 0) spec.cursor = *req.cursor;
  spec.limit =
      req.per_page <= 0 ? limits_.max_per_page : std::min(req.per_page, limits_.max_per_page);
  auto query = store::query::compile_select(store::SqlDialect::of(db_.dialect()), registry_, spec);

  std::vector<json::object> objects;
  try {
    const store::ResultSet rows = co_await db_.query(query.sql(), std::move(query.params));
    if (rows.empty()) {
      // §2.2 gives this server_message with the class tag in front (the original's text).
      throw exception_error("[Exception Error] No objects found in model " + req.model_name +
                            " with filters: " + json::serialize(req.query_filters));
    }
    auto rendered = co_await render_rows(db_, db_.dialect(), registry_, projection, rows, limits_);
    objects = std::move(rendered);
  } catch (const store::DatabaseError& e) {
    throw from_database_error(e, registry_);
  }
  json::array page(objects.front().storage());
  page.reserve(objects.size());
  for (auto& object : objects) page.emplace_back(std::move(object));
  co_return page;
}

boost::asio::awaitable<json::object> CatalogService::project_user(const Caller& caller,
                                                                  const json::array& requested) {
  const ModelSchema& model = user_model(registry_);
  const Projection projection = parse_projection(registry_, model, requested, caller, limits_);
  std::vector<json::object> objects;
  try {
    const std::vector<std::int64_t> ids{caller.user_id};
    auto loaded = co_await load_projection(db_, db_.dialect(), registry_, projection, ids, limits_);
    objects = std::move(loaded);
  } catch (const store::DatabaseError& e) {
    throw from_database_error(e, registry_);
  }
  // Deleted between authentication and now: nothing to show.
  if (objects.empty()) co_return json::object{};
  co_return std::move(objects.front());
}

}  // namespace tandem::domain::catalog
