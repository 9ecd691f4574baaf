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
using store::query::ToOneJoin;

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

// Where one projection level's values are in the rows of the query that reads it: its id (NULL
// for a joined to-one level without a row), each projected column, and per relationship either
// the joined to-one level's own Layout or the to-many relationship's slot in LevelQuery::to_many.
// A column that is the id, or already selected, is read from where it already is.
struct Layout {
  std::size_t id_at = 0;
  std::vector<std::size_t> column_at;  // per projection.columns
  std::vector<Layout> joined;          // per projection.relations; used for many-to-one ones
  std::vector<std::size_t> to_many;    // per projection.relations; used for to-many ones
};

// One query of a projection: the root SELECT (the id first) or a to-many level (the parent id,
// then the id). It reads its level and, by LEFT JOIN, every to-one level below it that is reached
// through to-one relationships only; each to-many relationship met on the way is a query of its
// own, for all the rows of this one.
struct LevelQuery {
  std::size_t leading = 1;           // the columns before `select`
  std::vector<OutputColumn> select;  // the SELECT's columns after the leading ones
  std::vector<ToOneJoin> joins;
  Layout layout;
  std::vector<const Projection::Nested*> to_many;
};

std::size_t place(LevelQuery& query, const OutputColumn& column) {
  for (std::size_t i = 0; i < query.select.size(); ++i) {
    const OutputColumn& placed = query.select[i];
    if (placed.sql == column.sql && placed.table == column.table &&
        placed.null_reads_as_empty_text == column.null_reads_as_empty_text)
      return query.leading + i;
  }
  query.select.push_back(column);
  return query.leading + query.select.size() - 1;
}

// The layout of `projection`, read from table `table` of `query` (0: the queried table, n: the
// join p<n>), whose id is at `id_at`; adds the columns and joins it needs.
Layout lay_out(LevelQuery& query, const Projection& projection, std::size_t table,
               std::size_t id_at) {
  Layout layout;
  layout.id_at = id_at;
  const std::string_view id = projection.model->id().sql;
  layout.column_at.reserve(projection.columns.size());
  for (const auto* column : projection.columns) {
    layout.column_at.push_back(
        column->sql == id ? id_at : place(query, store::query::output_column(*column, table)));
  }
  layout.joined.resize(projection.relations.size());
  layout.to_many.resize(projection.relations.size(), 0);
  for (std::size_t i = 0; i < projection.relations.size(); ++i) {
    const auto& nested = projection.relations[i];
    if (nested.relationship->kind != RelationKind::many_to_one) {
      layout.to_many[i] = query.to_many.size();
      query.to_many.push_back(&nested);
      continue;
    }
    const ModelSchema& target = *nested.projection.model;
    query.joins.push_back(ToOneJoin{table, nested.relationship, &target});
    const std::size_t join = query.joins.size();
    const std::size_t join_id_at = place(query, OutputColumn{target.id().sql, false, join});
    layout.joined[i] = lay_out(query, nested.projection, join, join_id_at);
  }
  return layout;
}

LevelQuery level_query(const Projection& projection, std::size_t leading) {
  LevelQuery query;
  query.leading = leading;
  query.layout = lay_out(query, projection, 0, leading - 1);
  return query;
}

// A to-many relationship's parents among one query's rows: each parent's id, and the empty list
// in the parent's object that its related rows replace.
struct ToManyParents {
  std::vector<std::int64_t> ids;
  std::vector<json::value*> lists;
};

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

  // Row `row` as `projection` shows it, in `object`: the columns, then the relationships in
  // request order; a joined to-one level is an object (null without a row), a to-many one an
  // empty list, recorded in `parents` for its query to fill.
  void fill(json::object& object, const Projection& projection, const Layout& layout,
            const ResultSet& rows, std::size_t row, std::vector<ToManyParents>& parents) {
    object.reserve(projection.columns.size() + projection.relations.size());
    for (std::size_t i = 0; i < projection.columns.size(); ++i) {
      const ColumnSchema& column = *projection.columns[i];
      object.emplace(column.name, value(rows.cell(row, layout.column_at[i]), column.type));
    }
    for (std::size_t i = 0; i < projection.relations.size(); ++i) {
      const auto& nested = projection.relations[i];
      const std::string_view name = nested.relationship->name;
      if (nested.relationship->kind != RelationKind::many_to_one) {
        object.emplace(name, json::array(storage));
      } else if (rows.is_null(row, layout.joined[i].id_at)) {
        object.emplace(name, nullptr);
      } else {
        auto& target = object.emplace(name, json::object(storage)).first->value().as_object();
        fill(target, nested.projection, layout.joined[i], rows, row, parents);
      }
    }
    // Taken once the object has all its keys, so the lists no longer move.
    for (std::size_t i = 0; i < projection.relations.size(); ++i) {
      const auto& nested = projection.relations[i];
      if (nested.relationship->kind == RelationKind::many_to_one) continue;
      ToManyParents& slot = parents[layout.to_many[i]];
      slot.ids.push_back(rows.integer(row, layout.id_at));
      slot.lists.push_back(&object.find(nested.relationship->name)->value());
    }
  }
};

asio::awaitable<std::vector<json::object>> render(Loader& loader, const Projection& projection,
                                                  const LevelQuery& query, const ResultSet& rows);

// A to-many level: every related row of every parent, ordered by parent then id, one query
// (with the to-one levels below it joined).
asio::awaitable<void> load_to_many(Loader& loader, const Projection::Nested& nested,
                                   ToManyParents& parents) {
  const RelationshipSchema& rel = *nested.relationship;
  std::vector<std::int64_t> keys = parents.ids;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

  // Rows come as (parent id, id, columns...).
  const LevelQuery level = level_query(nested.projection, 2);
  auto query = store::query::compile_related(loader.dialect,
                                             {&rel, nested.projection.model, level.select, keys,
                                              loader.limits.max_related_rows, level.joins});
  const ResultSet related = co_await loader.runner.query(query.sql(), std::move(query.params));
  std::vector<json::object> rendered = co_await render(loader, nested.projection, level, related);

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
  for (const std::int64_t parent : parents.ids)
    if (Run* run = run_of(parent)) ++run->uses;
  for (std::size_t i = 0; i < parents.ids.size(); ++i) {
    Run* run = run_of(parents.ids[i]);
    if (run == nullptr) continue;  // stays the empty list
    json::array& list = parents.lists[i]->as_array();
    list.reserve(run->end - run->begin);
    const bool last_use = --run->uses == 0;
    for (std::size_t r = run->begin; r < run->end; ++r) {
      if (last_use) {
        list.emplace_back(std::move(rendered[r]));
      } else {
        list.emplace_back(rendered[r]);
      }
    }
  }
}

// One object per row of `query`, every level below loaded.
asio::awaitable<std::vector<json::object>> render(Loader& loader, const Projection& projection,
                                                  const LevelQuery& query, const ResultSet& rows) {
  std::vector<ToManyParents> parents(query.to_many.size());
  std::vector<json::object> objects;
  objects.reserve(rows.size());
  for (std::size_t row = 0; row < rows.size(); ++row) {
    json::object& object = objects.emplace_back(loader.storage);
    loader.fill(object, projection, query.layout, rows, row, parents);
  }
  for (std::size_t slot = 0; slot < parents.size(); ++slot) {
    if (parents[slot].ids.empty()) continue;
    co_await load_to_many(loader, *query.to_many[slot], parents[slot]);
  }
  co_return objects;
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

RootOutput root_output(const Projection& projection) {
  LevelQuery query = level_query(projection, 1);
  return RootOutput{std::move(query.select), std::move(query.joins)};
}

asio::awaitable<std::vector<json::object>> render_rows(
    store::Queryable& runner, store::Dialect dialect, const ModelRegistry& registry,
    const Projection& projection, const ResultSet& rows, const CatalogLimits& limits) {
  Loader loader(runner, SqlDialect::of(dialect), registry, limits);
  const LevelQuery query = level_query(projection, 1);
  auto objects = co_await render(loader, projection, query, rows);
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
  const RootOutput output = root_output(projection);

  store::query::FilterTree by_id;
  store::query::FilterTerm term;
  term.target.column = &model.id();
  term.condition.op = store::query::FilterOp::in;
  term.condition.values.assign(ids.begin(), ids.end());
  by_id.all.push_back(std::move(term));
  store::query::SelectSpec spec;
  spec.model = &model;
  spec.filter = &by_id;
  spec.columns = output.columns;
  spec.joins = output.joins;
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
