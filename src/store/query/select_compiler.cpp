#include "store/query/select_compiler.hpp"

#include <variant>

#include "store/db/sql_builder.hpp"

namespace tandem::store::query {

namespace {

// One INNER JOIN per distinct relationship path (a trie over the filter's paths): the filters on
// `notes.subject.id` and `notes.id` share the join of `notes`, and every condition on a path is
// evaluated against the same joined row (§2.3). Aliases are t<alias> for the path's target and
// a<alias> for its association table, so a path that comes back to the root model gets a table
// alias of its own.
struct JoinNode {
  int parent = 0;  // alias of the model the relationship starts from (0: the root)
  const RelationshipSchema* relationship = nullptr;
  int alias = 0;
};

class Joins {
 public:
  // The alias of the row `path` reaches, adding the joins it needs.
  int alias_of(const std::vector<const RelationshipSchema*>& path) {
    int at = 0;
    for (const auto* rel : path) {
      int found = -1;
      for (const auto& node : nodes_) {
        if (node.parent == at && node.relationship == rel) {
          found = node.alias;
          break;
        }
      }
      if (found < 0) {
        found = static_cast<int>(nodes_.size()) + 1;
        nodes_.push_back(JoinNode{at, rel, found});
      }
      at = found;
    }
    return at;
  }

  bool empty() const { return nodes_.empty(); }

  void write(std::string& out, const ModelRegistry& registry, const ModelSchema& root) const {
    for (const auto& node : nodes_) {
      const auto& rel = *node.relationship;
      const ModelSchema& target = registry.target_of(rel);
      const std::string from = "t" + std::to_string(node.parent);
      const std::string to = "t" + std::to_string(node.alias);
      const std::string_view from_id = model_at(registry, root, node.parent).id().sql;
      switch (rel.kind) {
        case RelationKind::many_to_one:
          append(out, {" JOIN ", target.table, " ", to, " ON ", to, ".", target.id().sql, " = ",
                       from, ".", rel.foreign_key});
          break;
        case RelationKind::one_to_many:
          append(out, {" JOIN ", target.table, " ", to, " ON ", to, ".", rel.foreign_key, " = ",
                       from, ".", from_id});
          break;
        case RelationKind::many_to_many: {
          const std::string link = "a" + std::to_string(node.alias);
          append(out,
                 {" JOIN ", rel.association,      " ",   link, " ON ", link,
                  ".",      rel.association_self, " = ", from, ".",    from_id,
                  " JOIN ", target.table,         " ",   to,   " ON ", to,
                  ".",      target.id().sql,      " = ", link, ".",    rel.association_target});
          break;
        }
      }
    }
  }

 private:
  static void append(std::string& out, std::initializer_list<std::string_view> parts) {
    for (auto p : parts) out += p;
  }
  // The model a join alias stands for.
  const ModelSchema& model_at(const ModelRegistry& registry, const ModelSchema& root,
                              int alias) const {
    if (alias == 0) return root;
    return registry.target_of(*nodes_[static_cast<std::size_t>(alias - 1)].relationship);
  }

  std::vector<JoinNode> nodes_;
};

std::string column_ref(int alias, const ColumnSchema& column) {
  std::string ref = "t" + std::to_string(alias) + "." + std::string(column.sql);
  // Filters see the column as projections show it: a NULL phone is "" (issue decision 1).
  if (column.null_reads_as_empty_text) return "COALESCE(" + ref + ", '')";
  return ref;
}

// Appends conditions on one column. Values are already of the column's type (filter_tree.hpp).
class ConditionWriter {
 public:
  ConditionWriter(SqlBuilder& b, std::string_view column, ColumnType type)
      : b_(b), d_(b.dialect()), column_(column), type_(type) {}

  void write(const Condition& c) {
    switch (c.op) {
      case FilterOp::eq:
        equals(c.values.at(0));
        break;
      case FilterOp::ne:
        if (type_ == ColumnType::json) {
          b_ << "NOT (";
          equals(c.values.at(0));
          b_ << ")";
        } else {
          compare(" <> ", c.values.at(0));
        }
        break;
      case FilterOp::gt:
        compare(" > ", c.values.at(0));
        break;
      case FilterOp::ge:
        compare(" >= ", c.values.at(0));
        break;
      case FilterOp::lt:
        compare(" < ", c.values.at(0));
        break;
      case FilterOp::le:
        compare(" <= ", c.values.at(0));
        break;
      case FilterOp::like:
        b_ << d_.like(column_, b_.param(c.values.at(0)));
        break;
      case FilterOp::ilike:
        b_ << d_.ilike_unicode(column_, b_.param(c.values.at(0)));
        break;
      case FilterOp::in:
        if (c.values.empty()) {
          b_ << "1 = 0";  // `in []` matches nothing
        } else {
          in_list(c.values, /*grouped=*/true);
        }
        break;
      case FilterOp::notin:
        if (c.values.empty()) {
          // `notin []` matches every row whose value is not NULL (SQL's NOT IN of nothing,
          // minus the NULLs that never match a negation).
          b_ << column_ << " IS NOT NULL";
        } else {
          b_ << "NOT (";
          in_list(c.values, /*grouped=*/false);
          b_ << ")";
        }
        break;
      case FilterOp::range: {
        auto low = b_.param(c.values.at(0));
        auto high = b_.param(c.values.at(1));
        b_ << column_ << " BETWEEN " << low << " AND " << high;
        break;
      }
      case FilterOp::any_of:
      case FilterOp::all_of: {
        const std::string_view glue = c.op == FilterOp::any_of ? " OR " : " AND ";
        b_ << "(";
        for (std::size_t i = 0; i < c.children.size(); ++i) {
          if (i > 0) b_ << glue;
          write(c.children[i]);
        }
        b_ << ")";
        break;
      }
      case FilterOp::contains:
        if (type_ == ColumnType::json) {
          b_ << d_.json_contains(column_, b_.param(c.values.at(0)));
        } else {
          // SQLAlchemy's contains(): the value is part of a LIKE pattern, its own % and _ stay
          // wildcards (§2.3).
          auto value = d_.cast(b_.param(c.values.at(0)), "text");
          b_ << d_.like(column_, "'%' || " + value + " || '%'");
        }
        break;
      case FilterOp::contained_by:
        b_ << d_.json_contained_by(column_, b_.param(c.values.at(0)));
        break;
      case FilterOp::has_key:
        b_ << d_.json_has_key(column_, b_.param(c.values.at(0)));
        break;
      case FilterOp::has_any:
        b_ << d_.json_has_any(column_, b_.param(c.values.at(0)));
        break;
      case FilterOp::has_all:
        b_ << d_.json_has_all(column_, b_.param(c.values.at(0)));
        break;
    }
  }

 private:
  void equals(const SqlValue& value) {
    if (type_ == ColumnType::json) {
      b_ << d_.json_equals(column_, b_.param(value));
    } else {
      compare(" = ", value);
    }
  }
  void compare(std::string_view op, const SqlValue& value) {
    auto p = b_.param(value);
    b_ << column_ << op << p;
  }

  // One list parameter whatever the length (= ANY($1) / IN (SELECT value FROM json_each(?1))),
  // so lists of every length share one prepared statement; JSON values compare by JSON equality
  // instead, one equality per element (in parentheses when `grouped` and there are several).
  void in_list(const std::vector<SqlValue>& values, bool grouped) {
    switch (type_) {
      case ColumnType::integer:
      case ColumnType::timestamp: {
        std::vector<std::int64_t> ids;
        ids.reserve(values.size());
        for (const auto& v : values) ids.push_back(std::get<std::int64_t>(v));
        b_ << d_.in_id_list(column_, b_.param(d_.id_list(ids)));
        break;
      }
      case ColumnType::text: {
        std::vector<std::string> texts;
        texts.reserve(values.size());
        for (const auto& v : values) texts.push_back(std::get<std::string>(v));
        b_ << d_.in_text_list(column_, b_.param(d_.text_list(std::move(texts))));
        break;
      }
      case ColumnType::json: {
        const bool parenthesise = grouped && values.size() > 1;
        if (parenthesise) b_ << "(";
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (i > 0) b_ << " OR ";
          equals(values[i]);
        }
        if (parenthesise) b_ << ")";
        break;
      }
    }
  }

  SqlBuilder& b_;
  const SqlDialect& d_;
  std::string_view column_;
  ColumnType type_;
};

// (A1 AND ... AND An) AND (O1 OR ... OR Om), written so that more conditions can be ANDed after
// it without parentheses: each term is one predicate or parenthesised, the OR group always is.
void write_filter(SqlBuilder& b, const FilterTree& filter, const std::vector<int>& aliases) {
  std::size_t at = 0;
  bool first = true;
  for (const auto& term : filter.all) {
    if (!first) b << " AND ";
    first = false;
    ConditionWriter(b, column_ref(aliases[at++], *term.target.column), term.target.column->type)
        .write(term.condition);
  }
  if (filter.any.empty()) return;
  if (!first) b << " AND ";
  if (filter.any.size() > 1) b << "(";
  for (std::size_t i = 0; i < filter.any.size(); ++i) {
    if (i > 0) b << " OR ";
    const auto& term = filter.any[i];
    ConditionWriter(b, column_ref(aliases[at++], *term.target.column), term.target.column->type)
        .write(term.condition);
  }
  if (filter.any.size() > 1) b << ")";
}

void write_output_column(std::string& out, std::string_view alias, const OutputColumn& column) {
  if (column.null_reads_as_empty_text) {
    out += "COALESCE(";
    out += alias;
    out += '.';
    out += column.sql;
    out += ", '')";
  } else {
    out += alias;
    out += '.';
    out += column.sql;
  }
}

}  // namespace

CompiledQuery compile_select(const SqlDialect& dialect, const ModelRegistry& registry,
                             const SelectSpec& spec) {
  const ModelSchema& model = *spec.model;
  const std::string_view id = model.id().sql;
  SqlBuilder b(dialect);

  std::string head = "SELECT t0.";
  head += id;
  for (const auto& column : spec.columns) {
    head += ", ";
    write_output_column(head, "t0", column);
  }
  head += " FROM ";
  head += model.table;
  head += " t0";
  b << head;

  bool where = false;
  auto next_condition = [&] {
    b << (where ? " AND " : " WHERE ");
    where = true;
  };

  if (spec.filter != nullptr && !spec.filter->empty()) {
    const FilterTree& filter = *spec.filter;
    // Aliases first, in term order (all, then any), so joins are numbered by first use.
    Joins joins;
    std::vector<int> aliases;
    aliases.reserve(filter.all.size() + filter.any.size());
    for (const auto& term : filter.all) aliases.push_back(joins.alias_of(term.target.path));
    for (const auto& term : filter.any) aliases.push_back(joins.alias_of(term.target.path));
    next_condition();
    if (joins.empty()) {
      write_filter(b, filter, aliases);
    } else {
      std::string sub = "t0.";
      sub += id;
      sub += " IN (SELECT t0.";
      sub += id;
      sub += " FROM ";
      sub += model.table;
      sub += " t0";
      joins.write(sub, registry, model);
      sub += " WHERE ";
      b << sub;
      write_filter(b, filter, aliases);
      b << ")";
    }
  }
  if (spec.cursor) {
    next_condition();
    b << "t0." << id << " < " << dialect.cast(b.param(*spec.cursor), "int8");
  }
  b << " ORDER BY t0." << id << " DESC";
  if (spec.limit) b << " LIMIT " << b.param(*spec.limit);
  if (spec.for_update) {
    const std::string lock = dialect.for_update("t0");
    if (!lock.empty()) b << " " << lock;
  }
  CompiledQuery out;
  out.text = b.text();
  out.params = b.take_params();
  return out;
}

CompiledQuery compile_related(const SqlDialect& dialect, const RelatedSpec& spec) {
  const RelationshipSchema& rel = *spec.relationship;
  const ModelSchema& target = *spec.target;
  const std::string_view id = target.id().sql;
  SqlBuilder b(dialect);
  const std::vector<std::int64_t> keys(spec.keys.begin(), spec.keys.end());

  if (rel.kind == RelationKind::many_to_one) {
    std::string text = "SELECT t1.";
    text += id;
    for (const auto& column : spec.columns) {
      text += ", ";
      write_output_column(text, "t1", column);
    }
    text += " FROM ";
    text += target.table;
    text += " t1 WHERE ";
    b << text << dialect.in_id_list("t1." + std::string(id), b.param(dialect.id_list(keys)))
      << " ORDER BY t1." << id;
    CompiledQuery out;
    out.text = b.text();
    out.params = b.take_params();
    return out;
  }

  // The parent id each row belongs to: the child's foreign key, or the association's column.
  std::string parent;
  std::string from = std::string(target.table) + " t1";
  if (rel.kind == RelationKind::one_to_many) {
    parent = "t1." + std::string(rel.foreign_key);
  } else {
    parent = "a1." + std::string(rel.association_self);
    from = std::string(rel.association) + " a1 JOIN " + std::string(target.table) + " t1 ON t1." +
           std::string(id) + " = a1." + std::string(rel.association_target);
  }
  // row_number() bounds the rows per parent (§5.2: at most max_related_rows per relationship
  // per row); output names are positional (k, c0, c1...), so no column name can collide.
  std::string inner = "SELECT " + parent + " AS k, t1." + std::string(id) + " AS c0";
  for (std::size_t i = 0; i < spec.columns.size(); ++i) {
    inner += ", ";
    write_output_column(inner, "t1", spec.columns[i]);
    inner += " AS c" + std::to_string(i + 1);
  }
  inner += ", row_number() OVER (PARTITION BY " + parent + " ORDER BY t1." + std::string(id) +
           ") AS n FROM " + from + " WHERE ";
  std::string outer = "SELECT k, c0";
  for (std::size_t i = 0; i < spec.columns.size(); ++i) outer += ", c" + std::to_string(i + 1);
  outer += " FROM (";
  b << outer << inner << dialect.in_id_list(parent, b.param(dialect.id_list(keys)))
    << ") r WHERE n <= " << b.param(spec.max_per_parent) << " ORDER BY k, c0";
  CompiledQuery out;
  out.text = b.text();
  out.params = b.take_params();
  return out;
}

}  // namespace tandem::store::query
