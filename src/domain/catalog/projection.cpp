#include "domain/catalog/projection.hpp"

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>

#include "domain/catalog/catalog_error.hpp"
#include "platform/clock.hpp"
#include "store/db/sql_dialect.hpp"

namespace tandem::domain::catalog {

namespace asio = boost::asio;
namespace json = boost::json;
using store::ResultSet;
using store::SqlDialect;
using store::query::Access;
using store::query::ColumnSchema;
using store::query::ColumnType;
using store::query::ModelRegistry;
using store::query::ModelSchema;
using store::query::OutputColumn;
using store::query::RelationKind;
using store::query::RelationshipSchema;

namespace {

bool allowed(Access access, const Caller& caller) {
  return access == Access::everyone || (access == Access::admin && caller.admin);
}

std::string unknown_column(std::string_view name, const ModelSchema& model) {
  return "No column found with name: " + std::string(name) + " in model " + std::string(model.name);
}

// ---- requested_data -> Projection ----

class ProjectionParser {
 public:
  ProjectionParser(const ModelRegistry& registry, const Caller& caller, const CatalogLimits& limits)
      : registry_(registry), caller_(caller), limits_(limits) {}

  // `depth`: the relationship levels above `level` (the root is 0).
  void parse(Projection& level, const json::array& items, std::size_t depth) const {
    for (const auto& item : items) {
      if (const auto* name = item.if_string()) {
        add_path(level, *name, depth);
      } else if (const auto* object = item.if_object()) {
        for (const auto& [rel_name, sub] : *object) {
          Projection& nested_level = nested(level, rel_name, depth);
          const auto* list = sub.if_array();
          if (list == nullptr) {
            throw exception_error("relationship " + std::string(rel_name) + " in model " +
                                  std::string(level.model->name) + " needs a list of columns");
          }
          parse(nested_level, *list, depth + 1);
        }
      } else {
        throw exception_error("requested_data items are column names or {relationship: [...]}");
      }
    }
  }

 private:
  // "col", or "rel.rel.col" (the same as {rel: [{rel: [col]}]}).
  void add_path(Projection& level, std::string_view path, std::size_t depth) const {
    const auto dot = path.find('.');
    if (dot != std::string_view::npos) {
      Projection& nested_level = nested(level, path.substr(0, dot), depth);
      add_path(nested_level, path.substr(dot + 1), depth + 1);
      return;
    }
    const ModelSchema& model = *level.model;
    const ColumnSchema* column = model.column(path);
    if (column == nullptr || !allowed(column->read, caller_)) {
      const RelationshipSchema* rel = model.relationship(path);
      if (rel != nullptr && allowed(rel->read, caller_)) {
        throw exception_error("relationship " + std::string(path) + " in model " +
                              std::string(model.name) + " needs a list of columns");
      }
      throw exception_error(unknown_column(path, model));
    }
    if (std::find(level.columns.begin(), level.columns.end(), column) != level.columns.end())
      throw exception_error("passed duplicate column: " + std::string(path));
    level.columns.push_back(column);
  }

  // The nested projection of relationship `name` of `level`, merged with earlier mentions.
  Projection& nested(Projection& level, std::string_view name, std::size_t depth) const {
    const ModelSchema& model = *level.model;
    const RelationshipSchema* rel = model.relationship(name);
    if (rel == nullptr || !allowed(rel->read, caller_)) {
      throw exception_error("No relationship " + std::string(name) + " in model " +
                            std::string(model.name));
    }
    if (depth + 1 > limits_.max_projection_levels) throw exception_error("exceeds maximum depth");
    for (auto& existing : level.relations)
      if (existing.relationship == rel) return existing.projection;
    Projection::Nested added;
    added.relationship = rel;
    added.projection.model = &registry_.target_of(*rel);
    level.relations.push_back(std::move(added));
    return level.relations.back().projection;
  }

  const ModelRegistry& registry_;
  const Caller& caller_;
  const CatalogLimits& limits_;
};

// ---- Loading ----

// Where a level's values are in its result rows: the id (and for to-many levels the parent id
// before it), each projected column, each nested many-to-one's foreign key. A column that is
// the id, or already selected, is read from where it already is.
struct Layout {
  std::size_t id_at = 0;
  std::vector<OutputColumn> select;      // the SELECT's columns after the id
  std::vector<std::size_t> column_at;    // per projection.columns
  std::vector<std::size_t> foreign_key;  // per projection.relations (many-to-one only)
};

Layout layout_of(const Projection& projection, std::size_t id_at) {
  Layout layout;
  layout.id_at = id_at;
  const std::string_view id = projection.model->id().sql;
  auto place = [&](OutputColumn column) -> std::size_t {
    if (column.sql == id) return id_at;
    for (std::size_t i = 0; i < layout.select.size(); ++i) {
      if (layout.select[i].sql == column.sql &&
          layout.select[i].null_reads_as_empty_text == column.null_reads_as_empty_text)
        return id_at + 1 + i;
    }
    layout.select.push_back(column);
    return id_at + layout.select.size();
  };
  layout.column_at.reserve(projection.columns.size());
  for (const auto* column : projection.columns)
    layout.column_at.push_back(place(store::query::output_column(*column)));
  layout.foreign_key.reserve(projection.relations.size());
  for (const auto& nested : projection.relations) {
    const auto& rel = *nested.relationship;
    layout.foreign_key.push_back(
        rel.kind == RelationKind::many_to_one ? place(OutputColumn{rel.foreign_key, false}) : 0);
  }
  return layout;
}

std::optional<std::int64_t> integer_cell(const ResultSet& rows, std::size_t row, std::size_t col) {
  const auto& cell = rows.cell(row, col);
  if (!cell) return std::nullopt;
  std::int64_t value = 0;
  std::from_chars(cell->data(), cell->data() + cell->size(), value);
  return value;
}

// Everything one response's loading shares: the runner, the SQL dialect, and one arena for all
// the JSON it builds (a page of rows is thousands of small allocations, freed together).
struct Loader {
  Loader(store::Queryable& runner, const SqlDialect& dialect, const ModelRegistry& registry,
         const CatalogLimits& limits)
      : runner(runner), dialect(dialect), registry(registry), limits(limits) {}

  store::Queryable& runner;
  const SqlDialect& dialect;
  const ModelRegistry& registry;
  const CatalogLimits& limits;
  json::storage_ptr storage = json::make_shared_resource<json::monotonic_resource>();
  json::parser parser;
  std::string scratch;

  // A cell as the JSON the client sees (§2.4): int -> number, text -> string, json -> the
  // stored document, timestamp -> RFC 1123, NULL -> null.
  json::value value(const std::optional<std::string>& cell, ColumnType type) {
    if (!cell) return json::value(nullptr, storage);
    const std::string& text = *cell;
    switch (type) {
      case ColumnType::integer: {
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (ec == std::errc{} && end == text.data() + text.size()) return json::value(n, storage);
        break;
      }
      case ColumnType::text:
        break;
      case ColumnType::json: {
        parser.reset(storage);
        json::error_code ec;
        parser.write(text, ec);
        if (!ec) return parser.release();
        break;  // not JSON after all (written by hand?): show the text rather than fail
      }
      case ColumnType::timestamp: {
        std::int64_t micros = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), micros);
        if (ec != std::errc{} || end != text.data() + text.size()) break;
        std::int64_t seconds = micros / 1'000'000;
        if (micros % 1'000'000 < 0) --seconds;  // floor: no fractional seconds are shown
        scratch.clear();
        platform::append_http_date(scratch, seconds);
        return json::value(json::string(scratch, storage));
      }
    }
    return json::value(json::string(text, storage));
  }

  // One object per row, holding the projected columns (relationships are added by nest()).
  std::vector<json::object> render(const Projection& projection, const Layout& layout,
                                   const ResultSet& rows) {
    std::vector<json::object> objects;
    objects.reserve(rows.size());
    const std::size_t keys = projection.columns.size() + projection.relations.size();
    for (std::size_t row = 0; row < rows.size(); ++row) {
      json::object& object = objects.emplace_back(storage);
      object.reserve(keys);
      for (std::size_t i = 0; i < projection.columns.size(); ++i) {
        const ColumnSchema& column = *projection.columns[i];
        object.emplace(column.name, value(rows.cell(row, layout.column_at[i]), column.type));
      }
    }
    return objects;
  }
};

asio::awaitable<void> nest(Loader& loader, const Projection& projection, const Layout& layout,
                           const ResultSet& rows, std::vector<json::object>& objects);

// A to-one level: the targets of the parents' foreign keys, one query for all of them.
asio::awaitable<void> nest_to_one(Loader& loader, const Projection::Nested& nested,
                                  std::size_t foreign_key_at, const ResultSet& rows,
                                  std::vector<json::object>& objects) {
  const RelationshipSchema& rel = *nested.relationship;
  std::vector<std::int64_t> keys;
  keys.reserve(rows.size());
  for (std::size_t row = 0; row < rows.size(); ++row)
    if (auto key = integer_cell(rows, row, foreign_key_at)) keys.push_back(*key);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

  ResultSet targets;
  std::vector<json::object> rendered;
  if (!keys.empty()) {
    const Layout layout = layout_of(nested.projection, 0);
    auto query = store::query::compile_related(
        loader.dialect,
        {&rel, nested.projection.model, layout.select, keys, loader.limits.max_related_rows});
    auto fetched = co_await loader.runner.query(query.sql(), std::move(query.params));
    targets = std::move(fetched);
    rendered = loader.render(nested.projection, layout, targets);
    co_await nest(loader, nested.projection, layout, targets, rendered);
  }
  // Targets come ordered by id: find each parent's by binary search.
  std::vector<std::int64_t> ids;
  ids.reserve(targets.size());
  for (std::size_t row = 0; row < targets.size(); ++row) ids.push_back(targets.integer(row, 0));
  for (std::size_t row = 0; row < rows.size(); ++row) {
    json::value target(nullptr, loader.storage);
    if (auto key = integer_cell(rows, row, foreign_key_at)) {
      auto it = std::lower_bound(ids.begin(), ids.end(), *key);
      if (it != ids.end() && *it == *key)
        target = json::value(rendered[static_cast<std::size_t>(it - ids.begin())], loader.storage);
    }
    objects[row].emplace(rel.name, std::move(target));
  }
}

// A to-many level: every related row of every parent, ordered by parent then id, one query.
asio::awaitable<void> nest_to_many(Loader& loader, const Projection::Nested& nested,
                                   std::size_t parent_id_at, const ResultSet& rows,
                                   std::vector<json::object>& objects) {
  const RelationshipSchema& rel = *nested.relationship;
  std::vector<std::int64_t> parents;
  parents.reserve(rows.size());
  for (std::size_t row = 0; row < rows.size(); ++row)
    parents.push_back(rows.integer(row, parent_id_at));
  std::vector<std::int64_t> keys = parents;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

  // Rows come as (parent id, id, columns...).
  const Layout layout = layout_of(nested.projection, 1);
  auto query = store::query::compile_related(
      loader.dialect,
      {&rel, nested.projection.model, layout.select, keys, loader.limits.max_related_rows});
  const ResultSet related = co_await loader.runner.query(query.sql(), std::move(query.params));
  std::vector<json::object> rendered = loader.render(nested.projection, layout, related);
  co_await nest(loader, nested.projection, layout, related, rendered);

  // The related rows of each parent are one run of equal parent ids. A parent that appears
  // more than once (a nested level reached through several rows) gets copies; its last
  // appearance takes the rendered rows themselves.
  struct Run {
    std::int64_t parent = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t uses = 0;
  };
  std::vector<Run> runs;
  for (std::size_t row = 0; row < related.size(); ++row) {
    const std::int64_t parent = related.integer(row, 0);
    if (runs.empty() || runs.back().parent != parent) runs.push_back(Run{parent, row, row, 0});
    runs.back().end = row + 1;
  }
  auto run_of = [&runs](std::int64_t parent) -> Run* {
    auto it = std::lower_bound(runs.begin(), runs.end(), parent,
                               [](const Run& run, std::int64_t id) { return run.parent < id; });
    return it != runs.end() && it->parent == parent ? &*it : nullptr;
  };
  for (const std::int64_t parent : parents)
    if (Run* run = run_of(parent)) ++run->uses;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    json::array list(loader.storage);
    if (Run* run = run_of(parents[row])) {
      list.reserve(run->end - run->begin);
      const bool last_use = --run->uses == 0;
      for (std::size_t i = run->begin; i < run->end; ++i) {
        if (last_use) {
          list.emplace_back(std::move(rendered[i]));
        } else {
          list.emplace_back(rendered[i]);
        }
      }
    }
    objects[row].emplace(rel.name, std::move(list));
  }
}

asio::awaitable<void> nest(Loader& loader, const Projection& projection, const Layout& layout,
                           const ResultSet& rows, std::vector<json::object>& objects) {
  if (rows.empty()) co_return;
  for (std::size_t i = 0; i < projection.relations.size(); ++i) {
    const auto& nested = projection.relations[i];
    if (nested.relationship->kind == RelationKind::many_to_one) {
      co_await nest_to_one(loader, nested, layout.foreign_key[i], rows, objects);
    } else {
      co_await nest_to_many(loader, nested, layout.id_at, rows, objects);
    }
  }
}

}  // namespace

Projection parse_projection(const ModelRegistry& registry, const ModelSchema& model,
                            const json::array& requested, const Caller& caller,
                            const CatalogLimits& limits) {
  Projection projection;
  projection.model = &model;
  ProjectionParser(registry, caller, limits).parse(projection, requested, 0);
  return projection;
}

std::vector<OutputColumn> level_columns(const Projection& projection) {
  return layout_of(projection, 0).select;
}

asio::awaitable<std::vector<json::object>> render_rows(
    store::Queryable& runner, store::Dialect dialect, const ModelRegistry& registry,
    const Projection& projection, const ResultSet& rows, const CatalogLimits& limits) {
  Loader loader(runner, SqlDialect::of(dialect), registry, limits);
  const Layout layout = layout_of(projection, 0);
  std::vector<json::object> objects = loader.render(projection, layout, rows);
  co_await nest(loader, projection, layout, rows, objects);
  co_return objects;
}

asio::awaitable<std::vector<json::object>> load_projection(store::Queryable& runner,
                                                           store::Dialect dialect,
                                                           const ModelRegistry& registry,
                                                           const Projection& projection,
                                                           const std::vector<std::int64_t>& ids,
                                                           const CatalogLimits& limits) {
  std::vector<json::object> ordered;
  if (ids.empty()) co_return ordered;
  const ModelSchema& model = *projection.model;
  const std::vector<OutputColumn> columns = level_columns(projection);

  store::query::FilterTree by_id;
  store::query::FilterTerm term;
  term.target.column = &model.id();
  term.condition.op = store::query::FilterOp::in;
  term.condition.values.assign(ids.begin(), ids.end());
  by_id.all.push_back(std::move(term));
  store::query::SelectSpec spec;
  spec.model = &model;
  spec.filter = &by_id;
  spec.columns = columns;
  auto query = store::query::compile_select(SqlDialect::of(dialect), registry, spec);
  const ResultSet rows = co_await runner.query(query.sql(), std::move(query.params));
  std::vector<json::object> objects =
      co_await render_rows(runner, dialect, registry, projection, rows, limits);

  // Rows come id DESC; answer in the order of `ids`.
  std::vector<std::pair<std::int64_t, std::size_t>> found;
  found.reserve(rows.size());
  for (std::size_t row = 0; row < rows.size(); ++row) found.emplace_back(rows.integer(row, 0), row);
  std::sort(found.begin(), found.end());
  // An id asked for twice gets a copy; its last appearance takes the object itself.
  std::vector<std::size_t> rows_of_ids;
  rows_of_ids.reserve(ids.size());
  std::vector<std::size_t> uses(objects.size(), 0);
  for (const std::int64_t id : ids) {
    auto it = std::lower_bound(found.begin(), found.end(), std::make_pair(id, std::size_t{0}));
    if (it == found.end() || it->first != id) continue;
    rows_of_ids.push_back(it->second);
    ++uses[it->second];
  }
  ordered.reserve(rows_of_ids.size());
  for (const std::size_t row : rows_of_ids) {
    if (--uses[row] == 0) {
      ordered.push_back(std::move(objects[row]));
    } else {
      ordered.push_back(objects[row]);
    }
  }
  co_return ordered;
}

}  // namespace tandem::domain::catalog
