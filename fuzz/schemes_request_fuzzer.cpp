// Fuzzes the schemes face's requests (spec/beyo.md §2) on hostile bodies: the face's readers
// (faces/schemes/schemes_request.hpp) and, behind them, everything the catalog checks before a
// query runs: query_filters (domain/catalog/filter_parser.hpp), requested_data
// (domain/catalog/projection.hpp), the planning of object_values and its relationship actions
// (domain/catalog/object_values.hpp, relationship_actions.hpp), and the SQL compiled from what
// they accepted (store/query/select_compiler.hpp). None of it needs the server's database (the
// SQL is only prepared, on an in-memory SQLite with the server's schema). The catalog plans
// its writes in private helpers of catalog_writes.cpp (plan_create, plan_update, plan_delete);
// this target calls the same public steps in the same order, so keep it in step with them (and
// with CatalogService::get_items in catalog_reads.cpp).
//
// Input: [route: byte % 4 = get, create, update, delete; caller: byte / 4 % 2 = an admin, user 7]
//        [setup: byte % 4 = content type; byte / 4 % 2 = the server's limits, or tight ones that
//         the fuzzer reaches in a few bytes][body].
// Invariants: nothing but a CatalogError leaves the readers or the catalog, and never of the
// database-only class (operational); the face fails only with a validation error (or the
// deletion type's exception error), naming an element of the body; every failure renders as the
// four-key envelope in ASCII JSON with the status of its class. What is accepted respects the
// limits (catalog_limits.hpp: hops, keys, in-list sizes, or/and nesting, like patterns,
// projection levels, action levels, objects per request) and the caller's access, and every
// model, column and relationship it points to is the registry's (inventory_registry()), reached
// from the right model; values have their column's type; and the SQL compiled from it binds
// every value once ($1..$n, each used), carries none of them in its text, and prepares on SQLite
// against the server's schema (migrations/sqlite).

#include <sqlite3.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/catalog/catalog_error.hpp"
#include "domain/catalog/catalog_limits.hpp"
#include "domain/catalog/catalog_request.hpp"
#include "domain/catalog/filter_parser.hpp"
#include "domain/catalog/object_values.hpp"
#include "domain/catalog/projection.hpp"
#include "domain/catalog/write_permissions.hpp"
#include "domain/catalog/write_plan.hpp"
#include "domain/inventory/inventory_models.hpp"
#include "faces/schemes/schemes_errors.hpp"
#include "faces/schemes/schemes_request.hpp"
#include "fuzz_check.hpp"
#include "store/db/sql_dialect.hpp"
#include "store/db/sqlite_functions.hpp"
#include "store/query/select_compiler.hpp"

namespace {

namespace json = boost::json;
namespace catalog = tandem::domain::catalog;
namespace schemes = tandem::faces::schemes;
using catalog::ActionKind;
using catalog::ActionPlan;
using catalog::Caller;
using catalog::CatalogError;
using catalog::CatalogLimits;
using catalog::ErrorClass;
using catalog::ObjectPlan;
using catalog::Projection;
using catalog::Verb;
using catalog::WriteMode;
using tandem::store::SqlJson;
using tandem::store::SqlTextArray;
using tandem::store::SqlValue;
using tandem::store::query::Access;
using tandem::store::query::ColumnSchema;
using tandem::store::query::ColumnType;
using tandem::store::query::Condition;
using tandem::store::query::FilterOp;
using tandem::store::query::FilterTerm;
using tandem::store::query::FilterTree;
using tandem::store::query::ModelRegistry;
using tandem::store::query::ModelSchema;
using tandem::store::query::RelationKind;
using tandem::store::query::RelationshipSchema;

// Small enough that a few bytes of input reach every bound (the server's are in the hundreds).
CatalogLimits tight_limits() {
  CatalogLimits l;
  l.max_per_page = 7;
  l.max_filter_hops = 1;
  l.max_projection_levels = 1;
  l.max_action_levels = 2;
  l.max_filter_keys = 3;
  l.max_in_elements = 3;
  l.max_condition_nesting = 1;
  l.max_like_pattern = 4;
  l.max_objects_per_write = 4;
  l.max_related_rows = 5;
  return l;
}

template <typename T>
bool in_span(const T* item, std::span<const T> all) {
  return item != nullptr && item >= all.data() && item < all.data() + all.size();
}

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

bool has_nul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

// Whether a string or a key in `value` holds U+0000, which jsonb cannot store.
bool json_has_nul(const json::value& value) {
  if (const auto* s = value.if_string()) return has_nul(*s);
  if (const auto* a = value.if_array()) {
    for (const auto& item : *a)
      if (json_has_nul(item)) return true;
  }
  if (const auto* o = value.if_object()) {
    for (const auto& item : *o)
      if (has_nul(item.key()) || json_has_nul(item.value())) return true;
  }
  return false;
}

// An in-memory SQLite database with the server's schema (every migrations/sqlite script, in
// order) and SQL functions (store/db/sqlite_functions.hpp), opened once.
sqlite3* schema_database() {
  static sqlite3* const db = [] {
    sqlite3* opened = nullptr;
    FUZZ_CHECK(sqlite3_open(":memory:", &opened) == SQLITE_OK);
    tandem::store::sqlite::register_functions(opened);
    std::vector<std::filesystem::path> scripts;
    for (const auto& entry : std::filesystem::directory_iterator(TANDEM_FUZZ_SQLITE_MIGRATIONS))
      if (entry.path().extension() == ".sql") scripts.push_back(entry.path());
    std::sort(scripts.begin(), scripts.end());
    for (const auto& script : scripts) {
      std::ifstream in(script);
      const std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
      char* error = nullptr;
      if (sqlite3_exec(opened, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::fprintf(stderr, "schemes_request_fuzzer: %s: %s\n", script.c_str(), error);
        std::abort();
      }
    }
    return opened;
  }();
  return db;
}

// SQLite prepares `query` (its $n as ?n, as the driver rewrites them) with one slot per parameter.
void check_prepares(const tandem::store::query::CompiledQuery& query) {
  std::string text = query.text;
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if (text[i] == '$' && text[i + 1] >= '0' && text[i + 1] <= '9') text[i] = '?';
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v2(schema_database(), text.c_str(), static_cast<int>(text.size()),
                                    &statement, nullptr);
  if (rc != SQLITE_OK)
    std::fprintf(stderr, "SQLite refused: %s\n%s\n", sqlite3_errmsg(schema_database()),
                 text.c_str());
  FUZZ_CHECK(rc == SQLITE_OK);
  const auto slots = static_cast<std::size_t>(sqlite3_bind_parameter_count(statement));
  sqlite3_finalize(statement);
  FUZZ_CHECK(slots == query.params.size());
}

// What one request is checked against.
struct Checker {
  const ModelRegistry& registry;
  const Caller& caller;
  const CatalogLimits& limits;

  bool allowed(Access access) const { return catalog::allows(access, caller); }

  void check_model(const ModelSchema* model) const {
    FUZZ_CHECK(in_span(model, registry.models()));
  }

  // ---- query_filters ----

  void check_filter(const ModelSchema& root, const FilterTree& tree) const {
    FUZZ_CHECK(tree.all.size() + tree.any.size() <= limits.max_filter_keys);
    FUZZ_CHECK(tree.any.size() != 1);  // a single or- key is ANDed (§2.3)
    for (const auto& term : tree.all) check_term(root, term);
    for (const auto& term : tree.any) check_term(root, term);
  }

  void check_term(const ModelSchema& root, const FilterTerm& term) const {
    FUZZ_CHECK(term.target.path.size() <= limits.max_filter_hops);
    const ModelSchema* model = &root;
    for (const RelationshipSchema* rel : term.target.path) {
      FUZZ_CHECK(in_span(rel, model->relationships));
      FUZZ_CHECK(allowed(rel->read));
      model = &registry.target_of(*rel);
      check_model(model);
    }
    const ColumnSchema* column = term.target.column;
    FUZZ_CHECK(in_span(column, model->columns));
    FUZZ_CHECK(allowed(column->filter) && allowed(column->read));
    check_condition(term.condition, *column, 0);
  }

  // `depth`: the or/and operations around `c`.
  void check_condition(const Condition& c, const ColumnSchema& column, std::size_t depth) const {
    const ColumnType type = column.type;
    if (c.op == FilterOp::any_of || c.op == FilterOp::all_of) {
      FUZZ_CHECK(depth + 1 <= limits.max_condition_nesting);
      FUZZ_CHECK(c.values.empty() && !c.children.empty());
      for (const auto& child : c.children) check_condition(child, column, depth + 1);
      return;
    }
    FUZZ_CHECK(c.children.empty());
    switch (c.op) {
      case FilterOp::eq:
      case FilterOp::ne:
        FUZZ_CHECK(c.values.size() == 1);
        check_value(c.values[0], type);
        break;
      case FilterOp::gt:
      case FilterOp::ge:
      case FilterOp::lt:
      case FilterOp::le:
        FUZZ_CHECK(type != ColumnType::json && c.values.size() == 1);
        check_value(c.values[0], type);
        break;
      case FilterOp::range:
        FUZZ_CHECK(type != ColumnType::json && c.values.size() == 2);
        check_value(c.values[0], type);
        check_value(c.values[1], type);
        break;
      case FilterOp::in:
      case FilterOp::notin:
        FUZZ_CHECK(c.values.size() <= limits.max_in_elements);
        for (const auto& v : c.values) check_value(v, type);
        break;
      case FilterOp::like:
      case FilterOp::ilike:
        FUZZ_CHECK(type == ColumnType::text && c.values.size() == 1);
        check_pattern(c.values[0]);
        break;
      case FilterOp::contains:
        FUZZ_CHECK((type == ColumnType::text || type == ColumnType::json) && c.values.size() == 1);
        if (type == ColumnType::text) {
          check_pattern(c.values[0]);
        } else {
          check_value(c.values[0], type);
        }
        break;
      case FilterOp::contained_by:
        FUZZ_CHECK(type == ColumnType::json && c.values.size() == 1);
        check_value(c.values[0], type);
        break;
      case FilterOp::has_key: {
        FUZZ_CHECK(type == ColumnType::json && c.values.size() == 1);
        const auto* key = std::get_if<std::string>(&c.values[0]);
        FUZZ_CHECK(key != nullptr && !has_nul(*key));
        break;
      }
      case FilterOp::has_any:
      case FilterOp::has_all: {
        FUZZ_CHECK(type == ColumnType::json && c.values.size() == 1);
        const auto* keys = std::get_if<SqlTextArray>(&c.values[0]);
        FUZZ_CHECK(keys != nullptr && keys->size() <= limits.max_in_elements);
        for (const auto& key : *keys) FUZZ_CHECK(!has_nul(key));
        break;
      }
      case FilterOp::any_of:
      case FilterOp::all_of:
        break;  // above
    }
  }

  void check_pattern(const SqlValue& value) const {
    const auto* text = std::get_if<std::string>(&value);
    FUZZ_CHECK(text != nullptr && !has_nul(*text));
    FUZZ_CHECK(code_points(*text) <= limits.max_like_pattern);
  }

  // A value converted to its column's type (filter_tree.hpp): what PostgreSQL can store.
  static void check_value(const SqlValue& value, ColumnType type) {
    switch (type) {
      case ColumnType::integer: {
        const auto* n = std::get_if<std::int64_t>(&value);
        FUZZ_CHECK(n != nullptr);
        FUZZ_CHECK(*n >= std::numeric_limits<std::int32_t>::min() &&
                   *n <= std::numeric_limits<std::int32_t>::max());
        break;
      }
      case ColumnType::timestamp:
        FUZZ_CHECK(std::holds_alternative<std::int64_t>(value));
        break;
      case ColumnType::text: {
        const auto* text = std::get_if<std::string>(&value);
        FUZZ_CHECK(text != nullptr && !has_nul(*text));
        break;
      }
      case ColumnType::json: {
        const auto* doc = std::get_if<SqlJson>(&value);
        FUZZ_CHECK(doc != nullptr && tandem::fuzz::is_utf8_json(doc->text));
        FUZZ_CHECK(!json_has_nul(json::parse(doc->text)));
        break;
      }
    }
  }

  // ---- requested_data ----

  // `depth`: the relationship levels above `level`.
  void check_projection(const Projection& level, std::size_t depth) const {
    check_model(level.model);
    std::set<const ColumnSchema*> columns;
    for (const auto* column : level.columns) {
      FUZZ_CHECK(in_span(column, level.model->columns));
      FUZZ_CHECK(allowed(column->read));
      FUZZ_CHECK(columns.insert(column).second);
    }
    std::set<const RelationshipSchema*> relations;
    for (const auto& nested : level.relations) {
      FUZZ_CHECK(depth + 1 <= limits.max_projection_levels);
      FUZZ_CHECK(in_span(nested.relationship, level.model->relationships));
      FUZZ_CHECK(allowed(nested.relationship->read));
      FUZZ_CHECK(relations.insert(nested.relationship).second);
      FUZZ_CHECK(nested.projection.model == &registry.target_of(*nested.relationship));
      check_projection(nested.projection, depth + 1);
    }
  }

  // ---- object_values ----

  // `depth`: the relationship actions around `plan`. Counts the objects it creates in `created`.
  // `nested_update`: changes to existing rows inside an action or a delete's also_do, which
  // need the model's update access when they change the rows' own columns.
  void check_object(const ObjectPlan& plan, WriteMode mode, std::size_t depth, std::size_t& created,
                    bool nested_update = false) const {
    check_model(plan.model);
    const ModelSchema& model = *plan.model;
    if (mode == WriteMode::create) {
      ++created;
      FUZZ_CHECK(allowed(model.create));
    }
    if (nested_update && !plan.columns.empty()) FUZZ_CHECK(allowed(model.update));
    for (const auto& write : plan.columns) {
      FUZZ_CHECK(in_span(write.column, model.columns));
      FUZZ_CHECK(mode == WriteMode::create ? write.column->creatable : write.column->updatable);
      if (std::holds_alternative<std::nullptr_t>(write.value)) {
        FUZZ_CHECK(write.column->nullable);  // NOT NULL is refused while planning
        FUZZ_CHECK(!write.needs_hash);
      } else {
        check_value(write.value, write.column->type);
        FUZZ_CHECK(write.needs_hash == write.column->hash_on_write);
      }
    }
    if (mode == WriteMode::create) {
      for (const auto& column : model.columns) {
        if (!column.required_on_create) continue;
        bool named = false;
        for (const auto& write : plan.columns) named = named || write.column == &column;
        FUZZ_CHECK(named);
      }
    }
    for (const auto& action : plan.actions) check_action(model, action, depth + 1, created);
  }

  void check_action(const ModelSchema& owner, const ActionPlan& action, std::size_t depth,
                    std::size_t& created) const {
    FUZZ_CHECK(depth <= limits.max_action_levels);
    const RelationshipSchema* rel = action.relationship;
    FUZZ_CHECK(in_span(rel, owner.relationships));
    FUZZ_CHECK(allowed(rel->write));
    FUZZ_CHECK(action.target == &registry.target_of(*rel));
    const ModelSchema& target = *action.target;
    switch (action.kind) {
      case ActionKind::link:
        FUZZ_CHECK(!action.filter.empty());
        check_filter(target, action.filter);
        check_sql(target, action.filter, nullptr);
        if (rel->kind == RelationKind::one_to_many) FUZZ_CHECK(allowed(target.update));
        if (action.also_do) check_object(*action.also_do, WriteMode::update, depth, created, true);
        if (action.create_if_none)
          check_object(*action.create_if_none, WriteMode::create, depth, created);
        break;
      case ActionKind::unlink:
        FUZZ_CHECK(!rel->append_only);
        check_filter(target, action.filter);
        if (action.unlink_type == catalog::UnlinkType::unlink_matches &&
            rel->kind != RelationKind::many_to_one) {
          FUZZ_CHECK(!action.filter.empty());
          check_sql(target, action.filter, nullptr);
        }
        break;
      case ActionKind::create:
        FUZZ_CHECK(!action.created.empty());
        FUZZ_CHECK(action.append || !rel->append_only);
        if (rel->kind == RelationKind::many_to_one) FUZZ_CHECK(action.created.size() == 1);
        for (const auto& object : action.created)
          check_object(object, WriteMode::create, depth, created);
        break;
      case ActionKind::create_through_rel:
        FUZZ_CHECK(action.through != nullptr);
        check_object(*action.through, WriteMode::update, depth, created, true);
        break;
    }
  }

  // ---- the SQL of what was accepted ----

  // The parameters the compiler binds for `c`: one per value, a list of integers or texts as one
  // (= ANY($1) / json_each), a JSON list one per element (compared one by one).
  static std::size_t bound_values(const Condition& c, ColumnType type) {
    std::size_t n = 0;
    switch (c.op) {
      case FilterOp::any_of:
      case FilterOp::all_of:
        for (const auto& child : c.children) n += bound_values(child, type);
        return n;
      case FilterOp::in:
      case FilterOp::notin:
        if (type == ColumnType::json) return c.values.size();
        return c.values.empty() ? 0 : 1;
      default:
        return c.values.size();
    }
  }
  static std::size_t bound_values(const FilterTree& tree) {
    std::size_t n = 0;
    for (const auto* terms : {&tree.all, &tree.any})
      for (const auto& term : *terms) n += bound_values(term.condition, term.target.column->type);
    return n;
  }

  // Every $n of `text` is a parameter and every parameter is used once per value of the filter;
  // the text is the registry's names and the compiler's own ASCII, its only literals '' and '%'.
  static void check_compiled(const tandem::store::query::CompiledQuery& query, std::size_t values) {
    FUZZ_CHECK(query.params.size() == values);
    std::set<std::size_t> used;
    const std::string& text = query.text;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      FUZZ_CHECK(c >= 0x20 && c < 0x7F);
      if (c == '\'') {
        const bool empty = text.compare(i, 2, "''") == 0;
        const bool percent = text.compare(i, 3, "'%'") == 0;
        FUZZ_CHECK(empty || percent);
        i += empty ? 1 : 2;
        continue;
      }
      if (c != '$') continue;
      std::size_t n = 0, digits = 0;
      while (i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9' && digits < 9) {
        n = n * 10 + static_cast<std::size_t>(text[++i] - '0');
        ++digits;
      }
      FUZZ_CHECK(digits > 0 && n >= 1 && n <= query.params.size());
      FUZZ_CHECK(used.insert(n).second);
    }
    FUZZ_CHECK(used.size() == query.params.size());
  }

  // The SELECT get_items (with `projection`) or a write's target lookup (without) runs: it
  // compiles as above for both databases, and SQLite prepares it against the server's schema (no
  // such column or alias, no syntax error: what the elided and merged joins must get right).
  void check_sql(const ModelSchema& model, const FilterTree& filter,
                 const Projection* projection) const {
    tandem::store::query::SelectSpec spec;
    spec.model = &model;
    spec.filter = &filter;
    catalog::RootOutput output;
    if (projection != nullptr) {
      output = catalog::root_output(*projection);
      spec.columns = output.columns;
      spec.joins = output.joins;
      spec.cursor = 42;
      spec.limit = limits.max_per_page;
    } else {
      spec.for_update = true;
    }
    const std::size_t values = bound_values(filter) + (spec.cursor ? 1 : 0);
    for (auto dialect : {tandem::store::Dialect::sqlite, tandem::store::Dialect::postgres}) {
      const auto query = tandem::store::query::compile_select(
          tandem::store::SqlDialect::of(dialect), registry, spec);
      check_compiled(query, values);
      if (dialect == tandem::store::Dialect::sqlite) check_prepares(query);
    }
  }
};

// ---- errors ------------------------------------------------------------------------------------

// The envelope render_catalog_error writes for `error`: ASCII JSON, the four keys, the status
// of the class in both places, an empty body.
void check_rendered(const CatalogError& error, Verb verb, std::span<const std::string> refs) {
  const auto response = schemes::render_catalog_error(error, verb, refs);
  const int expected = error.kind == ErrorClass::permission ? 403 : 400;
  FUZZ_CHECK(response.status == expected);
  FUZZ_CHECK(tandem::fuzz::is_ascii(response.body));
  FUZZ_CHECK(tandem::fuzz::is_utf8_json(response.body));
  const json::value parsed = json::parse(response.body);
  const json::object* envelope = parsed.if_object();
  FUZZ_CHECK(envelope != nullptr && envelope->size() == 4);
  const auto* status = envelope->if_contains("status");
  const auto* message = envelope->if_contains("message");
  const auto* body = envelope->if_contains("body");
  const auto* server_message = envelope->if_contains("server_message");
  FUZZ_CHECK(status != nullptr && status->is_int64() && status->get_int64() == expected);
  FUZZ_CHECK(message != nullptr && message->is_string() && !message->get_string().empty());
  FUZZ_CHECK(body != nullptr && body->is_array() && body->get_array().empty());
  FUZZ_CHECK(server_message != nullptr && server_message->is_string());
}

// A failure of the face's reader: a validation error (an exception error for delete's deletion
// type), naming an element of the body.
void check_face_error(const CatalogError& error, Verb verb, std::span<const std::string> refs) {
  const bool deletion_type = verb == Verb::remove && error.kind == ErrorClass::exception &&
                             error.server_message == "Invalid deletion type";
  FUZZ_CHECK(error.kind == ErrorClass::validation || deletion_type);
  FUZZ_CHECK(!error.server_message.empty());
  FUZZ_CHECK(error.element < std::max<std::size_t>(refs.size(), 1));
  check_rendered(error, verb, refs);
}

// A failure of the catalog before any query: never the database-only class.
void check_catalog_error(const ModelRegistry& registry, const CatalogError& error, Verb verb,
                         std::span<const std::string> refs) {
  switch (error.kind) {
    case ErrorClass::exception:
      FUZZ_CHECK(!error.server_message.empty());
      break;
    case ErrorClass::data:
      FUZZ_CHECK(error.server_message.starts_with("SQLSTATE 22"));
      break;
    case ErrorClass::integrity:
      FUZZ_CHECK(error.integrity == catalog::IntegrityKind::not_null && !error.field.empty());
      break;
    case ErrorClass::permission:
      FUZZ_CHECK(registry.find(error.model) != nullptr);
      break;
    case ErrorClass::validation:
    case ErrorClass::operational:
      FUZZ_CHECK(!"the catalog failed with a class it has no reason for before a query");
  }
  FUZZ_CHECK(error.element < std::max<std::size_t>(refs.size(), 1));
  check_rendered(error, verb, refs);
}

const ModelSchema& model_named(const ModelRegistry& registry, const std::string& name) {
  const ModelSchema* model = registry.find(name);
  if (model == nullptr) throw catalog::exception_error("No Model found with name: " + name);
  return *model;
}

// ---- the four routes ---------------------------------------------------------------------------

// CatalogService::get_items up to its query.
void get_items(const Checker& check, const catalog::GetItems& req) {
  const ModelSchema& model = model_named(check.registry, req.model_name);
  const Projection projection = catalog::parse_projection(check.registry, model, req.requested_data,
                                                          check.caller, check.limits);
  FilterTree filter =
      catalog::parse_filters(check.registry, model, req.query_filters, check.caller, check.limits);
  FUZZ_CHECK(projection.model == &model);
  check.check_projection(projection, 0);
  check.check_filter(model, filter);
  check.check_sql(model, filter, &projection);
}

// Runs `plan_one` on each element as plan_each of catalog_writes.cpp does: a failure names its
// element.
template <typename Element, typename PlanOne>
void plan_each(const std::vector<Element>& elements, PlanOne plan_one) {
  for (std::size_t i = 0; i < elements.size(); ++i) {
    try {
      plan_one(elements[i]);
    } catch (CatalogError& e) {
      e.element = i;
      throw;
    }
  }
}

void create_items(const Checker& check, const std::vector<catalog::CreateOne>& elements) {
  catalog::PlanContext ctx{check.registry, check.caller, check.limits};
  std::size_t created = 0;
  plan_each(elements, [&](const catalog::CreateOne& element) {
    const ModelSchema& model = model_named(ctx.registry, element.model_name);
    catalog::require_create(model, ctx.caller);
    const Projection projection = catalog::parse_projection(
        ctx.registry, model, element.requested_data, ctx.caller, ctx.limits);
    const auto objects = catalog::plan_creates(ctx, model, element.object_values, 0);
    check.check_projection(projection, 0);
    FUZZ_CHECK(!objects.empty());
    for (const auto& object : objects) {
      FUZZ_CHECK(object.model == &model);
      check.check_object(object, WriteMode::create, 0, created);
    }
  });
  FUZZ_CHECK(created == ctx.objects && created <= check.limits.max_objects_per_write);
}

bool is_profile_field(std::string_view name) {
  for (std::string_view field : {"username", "email", "phone", "password", "profile_picture"})
    if (name == field) return true;
  return false;
}

void update_items(const Checker& check, const std::vector<catalog::UpdateOne>& elements) {
  catalog::PlanContext ctx{check.registry, check.caller, check.limits};
  std::size_t created = 0;
  plan_each(elements, [&](const catalog::UpdateOne& element) {
    const ModelSchema& model = model_named(ctx.registry, element.model_name);
    bool own_rows_only = false;
    if (!catalog::allows(model.update, ctx.caller)) {
      if (!catalog::is_own_profile_update(model, ctx.caller, element.object_values))
        throw catalog::permission_error(Verb::update, std::string(model.name));
      own_rows_only = true;
    }
    const FilterTree filter =
        catalog::parse_filters(ctx.registry, model, element.query_filters, ctx.caller, ctx.limits);
    const ObjectPlan changes =
        catalog::plan_object(ctx, model, element.object_values, WriteMode::update, 0, false);
    FUZZ_CHECK(!filter.empty());  // the face refuses {}
    check.check_filter(model, filter);
    check.check_sql(model, filter, nullptr);
    FUZZ_CHECK(changes.model == &model);
    check.check_object(changes, WriteMode::update, 0, created);
    if (own_rows_only) {
      FUZZ_CHECK(!check.caller.admin && model.name == "User" && changes.actions.empty());
      for (const auto& write : changes.columns) FUZZ_CHECK(is_profile_field(write.column->name));
    }
  });
  FUZZ_CHECK(created == ctx.objects && created <= check.limits.max_objects_per_write);
}

void delete_items(const Checker& check, const std::vector<catalog::DeleteOne>& elements) {
  catalog::PlanContext ctx{check.registry, check.caller, check.limits};
  std::size_t created = 0;
  plan_each(elements, [&](const catalog::DeleteOne& element) {
    const ModelSchema& model = model_named(ctx.registry, element.model_name);
    catalog::require_remove(model, ctx.caller);
    const FilterTree filter =
        catalog::parse_filters(ctx.registry, model, element.query_filters, ctx.caller, ctx.limits);
    FUZZ_CHECK(check.allowed(model.remove));
    FUZZ_CHECK(!filter.empty());
    check.check_filter(model, filter);
    check.check_sql(model, filter, nullptr);
    if (element.also_do && !element.also_do->empty()) {
      const ObjectPlan also_do = catalog::plan_object(ctx, model, *element.also_do,
                                                      WriteMode::update, 0, /*nested_update=*/true);
      FUZZ_CHECK(also_do.model == &model);
      check.check_object(also_do, WriteMode::update, 0, created, true);
    }
  });
  FUZZ_CHECK(created == ctx.objects && created <= check.limits.max_objects_per_write);
}

// Reads the body as the route does, then plans it as the catalog does.
void fuzz_route(std::uint8_t route, const Checker& check, const tandem::http::Request& req) {
  static constexpr Verb kVerbs[] = {Verb::read, Verb::create, Verb::update, Verb::remove};
  const Verb verb = kVerbs[route % 4];
  auto body = schemes::read_json_body(req);
  if (const auto* problem = std::get_if<std::string>(&body)) {
    FUZZ_CHECK(problem->starts_with("_schema: "));
    return check_face_error(schemes::validation_error(*problem), verb, {});
  }
  const json::value& value = std::get<json::value>(body);
  // get_items has no references (its messages say "request").
  const std::vector<std::string> refs =
      verb == Verb::read ? std::vector<std::string>() : schemes::element_references(value);
  if (verb != Verb::read)
    FUZZ_CHECK(refs.size() == (value.is_array() ? value.get_array().size() : 1));

  auto run = [&](auto parsed, auto plan) {
    if (const auto* bad = std::get_if<CatalogError>(&parsed))
      return check_face_error(*bad, verb, refs);
    auto& request = std::get<0>(parsed);
    try {
      plan(request);
    } catch (const CatalogError& e) {
      check_catalog_error(check.registry, e, verb, refs);
    }
  };
  switch (verb) {
    case Verb::read:
      run(schemes::parse_get_items(value), [&](const catalog::GetItems& r) {
        FUZZ_CHECK(r.per_page >= 0 && (!r.cursor || *r.cursor > 0));
        get_items(check, r);
      });
      break;
    case Verb::create:
      run(schemes::parse_create_items(value), [&](const schemes::CreateBatch& batch) {
        FUZZ_CHECK(!batch.elements.empty() && batch.list_body == value.is_array());
        create_items(check, batch.elements);
      });
      break;
    case Verb::update:
      run(schemes::parse_update_items(value), [&](const std::vector<catalog::UpdateOne>& all) {
        FUZZ_CHECK(!all.empty());
        for (const auto& one : all)
          FUZZ_CHECK(!one.query_filters.empty() && !one.object_values.empty());
        update_items(check, all);
      });
      break;
    case Verb::remove:
      run(schemes::parse_delete_items(value), [&](const std::vector<catalog::DeleteOne>& all) {
        FUZZ_CHECK(!all.empty());
        for (const auto& one : all) FUZZ_CHECK(!one.query_filters.empty());
        delete_items(check, all);
      });
      break;
  }
}

std::string_view content_type(std::uint8_t selector) {
  static constexpr std::string_view kTypes[] = {
      "application/json", "Application/JSON; charset=utf-8", "text/plain", ""};
  return kTypes[selector % 4];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static const Caller kCallers[] = {{1, true}, {7, false}};
  static const CatalogLimits kServerLimits{};
  static const CatalogLimits kTightLimits = tight_limits();
  const std::uint8_t route = data[0] % 4;
  const Caller& caller = kCallers[data[0] / 4 % 2];
  const CatalogLimits& limits = data[1] / 4 % 2 == 0 ? kServerLimits : kTightLimits;
  tandem::http::Request req;
  req.method = tandem::http::Method::post;
  if (auto type = content_type(data[1]); !type.empty())
    req.headers.push_back({"Content-Type", std::string(type)});
  req.body.assign(reinterpret_cast<const char*>(data + 2), size - 2);
  const Checker check{tandem::domain::inventory::inventory_registry(), caller, limits};
  try {
    fuzz_route(route, check, req);
  } catch (...) {
    FUZZ_CHECK(!"something other than a checked CatalogError escaped the readers or the catalog");
  }
  return 0;
}
