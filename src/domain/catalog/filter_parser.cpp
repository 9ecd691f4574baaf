#include "domain/catalog/filter_parser.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <limits>
#include <string>
#include <string_view>

#include "domain/catalog/catalog_error.hpp"
#include "domain/catalog/jsonb_refusal.hpp"
#include "domain/catalog/timestamp_text.hpp"

namespace tandem::domain::catalog {

namespace json = boost::json;
using store::SqlJson;
using store::SqlTextArray;
using store::SqlValue;
using store::query::Access;
using store::query::ColumnSchema;
using store::query::ColumnType;
using store::query::Condition;
using store::query::FilterOp;
using store::query::FilterTerm;
using store::query::FilterTree;
using store::query::ModelRegistry;
using store::query::ModelSchema;
using store::query::RelationshipSchema;

namespace {

constexpr std::string_view kOrPrefix = "or-";

bool allowed(Access access, const Caller& caller) {
  return access == Access::everyone || (access == Access::admin && caller.admin);
}

// A value PostgreSQL would refuse for the column's type: the same [Database Data Error] on both
// databases, raised before any SQL runs (§2.3 "anything else").
CatalogError data_error(std::string_view sqlstate) {
  return CatalogError(ErrorClass::data, "SQLSTATE " + std::string(sqlstate));
}
constexpr std::string_view kInvalidText = "22P02";   // invalid_text_representation
constexpr std::string_view kOutOfRange = "22003";    // numeric_value_out_of_range
constexpr std::string_view kBadDatetime = "22007";   // invalid_datetime_format
constexpr std::string_view kBadCharacter = "22021";  // character_not_in_repertoire (NUL)

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

struct Operation {
  std::string_view name;
  FilterOp op;
};
constexpr Operation kOperations[] = {
    {"==", FilterOp::eq},
    {"!=", FilterOp::ne},
    {">", FilterOp::gt},
    {">=", FilterOp::ge},
    {"<", FilterOp::lt},
    {"<=", FilterOp::le},
    {"like", FilterOp::like},
    {"ilike", FilterOp::ilike},
    {"in", FilterOp::in},
    {"notin", FilterOp::notin},
    {"range", FilterOp::range},
    {"or", FilterOp::any_of},
    {"and", FilterOp::all_of},
    {"contains", FilterOp::contains},
    {"contained_by", FilterOp::contained_by},
    {"has_key", FilterOp::has_key},
    {"has_any", FilterOp::has_any},
    {"has_all", FilterOp::has_all},
};

// Which operations each column type supports (§2.3's table): comparisons on scalars, patterns on
// text, containment on JSON and text, the key tests on JSON only.
bool supports(ColumnType type, FilterOp op) {
  switch (op) {
    case FilterOp::eq:
    case FilterOp::ne:
    case FilterOp::in:
    case FilterOp::notin:
    case FilterOp::any_of:
    case FilterOp::all_of:
      return true;
    case FilterOp::gt:
    case FilterOp::ge:
    case FilterOp::lt:
    case FilterOp::le:
    case FilterOp::range:
      return type != ColumnType::json;
    case FilterOp::like:
    case FilterOp::ilike:
      return type == ColumnType::text;
    case FilterOp::contains:
      return type == ColumnType::json || type == ColumnType::text;
    case FilterOp::contained_by:
    case FilterOp::has_key:
    case FilterOp::has_any:
    case FilterOp::has_all:
      return type == ColumnType::json;
  }
  return false;
}

std::int64_t int4_from_text(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
  if (digits.empty()) throw data_error(kInvalidText);
  for (char c : digits)
    if (c < '0' || c > '9') throw data_error(kInvalidText);
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  // Many significant digits are out of range whatever they say; from_chars sees short ones only.
  if (digits.size() > 12) throw data_error(kOutOfRange);
  std::int64_t value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return text.front() == '-' ? -value : value;
}

std::int64_t checked_int4(std::int64_t value) {
  if (value < std::numeric_limits<std::int32_t>::min() ||
      value > std::numeric_limits<std::int32_t>::max())
    throw data_error(kOutOfRange);
  return value;
}

std::string checked_text(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) throw data_error(kBadCharacter);
  return std::string(text);
}

SqlJson checked_json(const json::value& value) {
  if (auto refusal = jsonb_refusal(value); !refusal.empty()) throw data_error(refusal);
  return SqlJson{json::serialize(value)};
}

// One value converted to the column's type (filter_tree.hpp: int64 for integer and timestamp,
// string for text, SqlJson for json).
SqlValue convert(const json::value& value, ColumnType type) {
  switch (type) {
    case ColumnType::integer:
      if (value.is_int64()) return checked_int4(value.get_int64());
      if (value.is_uint64()) throw data_error(kOutOfRange);
      if (value.is_string()) return checked_int4(int4_from_text(value.get_string()));
      throw data_error(kInvalidText);
    case ColumnType::text:
      if (value.is_string()) return checked_text(value.get_string());
      throw data_error(kInvalidText);
    case ColumnType::timestamp:
      if (value.is_string()) {
        if (auto micros = parse_timestamp_text(value.get_string())) return *micros;
      }
      throw data_error(kBadDatetime);
    case ColumnType::json:
      return checked_json(value);
  }
  throw data_error(kInvalidText);
}

class Parser {
 public:
  Parser(const ModelRegistry& registry, const Caller& caller, const CatalogLimits& limits)
      : registry_(registry), caller_(caller), limits_(limits) {}

  store::query::ColumnPath resolve(const ModelSchema& root, std::string_view key) const {
    // Count the hops first: a path longer than the limit is refused whatever its names.
    std::size_t hops = 0;
    for (char c : key)
      if (c == '.') ++hops;
    if (hops > limits_.max_filter_hops) throw exception_error("exceeds maximum depth");

    store::query::ColumnPath target;
    const ModelSchema* model = &root;
    std::size_t start = 0;
    for (;;) {
      const auto dot = key.find('.', start);
      const auto name =
          key.substr(start, dot == std::string_view::npos ? key.size() - start : dot - start);
      if (dot == std::string_view::npos) {
        const ColumnSchema* column = model->column(name);
        if (column == nullptr || !allowed(column->filter, caller_) ||
            !allowed(column->read, caller_))
          throw exception_error("No column found with name: " + std::string(name) + " in model " +
                                std::string(model->name));
        target.column = column;
        return target;
      }
      const RelationshipSchema* rel = model->relationship(name);
      if (rel == nullptr || !allowed(rel->read, caller_))
        throw exception_error("No relationship " + std::string(name) + " in model " +
                              std::string(model->name));
      target.path.push_back(rel);
      model = &registry_.target_of(*rel);
      start = dot + 1;
    }
  }

  // A top-level condition: a scalar (shorthand for ==) or {operation, value, ...}.
  Condition condition(const json::value& condition, const ColumnSchema& column) const {
    if (condition.is_null()) throw exception_error("condition is None");
    if (!condition.is_object()) {
      Condition c;
      c.op = FilterOp::eq;
      c.values.push_back(convert(condition, column.type));
      return c;
    }
    return operation(condition.get_object(), column, 0);
  }

 private:
  // {operation, value}; `depth` counts the or/and operations around this one.
  Condition operation(const json::object& object, const ColumnSchema& column,
                      std::size_t depth) const {
    const json::value* op_value = object.if_contains("operation");
    if (op_value == nullptr) throw exception_error("no operation key was given");
    const json::value* value = object.if_contains("value");
    const FilterOp op = operation_of(*op_value);
    if (!supports(column.type, op)) {
      throw exception_error("operator " + std::string(op_value->get_string()) +
                            " not supported for column " + std::string(column.name));
    }
    if (value == nullptr || value->is_null()) throw exception_error("no value was given");

    Condition c;
    c.op = op;
    switch (op) {
      case FilterOp::eq:
      case FilterOp::ne:
      case FilterOp::gt:
      case FilterOp::ge:
      case FilterOp::lt:
      case FilterOp::le:
      case FilterOp::contained_by:
        c.values.push_back(convert(*value, column.type));
        break;
      case FilterOp::like:
      case FilterOp::ilike:
        c.values.push_back(pattern(*value));
        break;
      case FilterOp::contains:
        c.values.push_back(column.type == ColumnType::text ? pattern(*value)
                                                           : convert(*value, column.type));
        break;
      case FilterOp::in:
      case FilterOp::notin:
        if (value->is_array()) {
          const auto& list = value->get_array();
          if (list.size() > limits_.max_in_elements) throw exception_error("exceeds maximum size");
          c.values.reserve(list.size());
          for (const auto& element : list) {
            if (element.is_null()) throw exception_error("no value was given");
            c.values.push_back(convert(element, column.type));
          }
        } else {
          c.values.push_back(convert(*value, column.type));  // a scalar is a 1-element list
        }
        break;
      case FilterOp::range: {
        const json::object* bounds = value->if_object();
        const json::value* low = bounds != nullptr ? bounds->if_contains("start") : nullptr;
        const json::value* high = bounds != nullptr ? bounds->if_contains("end") : nullptr;
        if (low == nullptr || high == nullptr || low->is_null() || high->is_null())
          throw exception_error("no value was given: range needs start and end");
        c.values.push_back(convert(*low, column.type));
        c.values.push_back(convert(*high, column.type));
        break;
      }
      case FilterOp::any_of:
      case FilterOp::all_of: {
        if (depth + 1 > limits_.max_condition_nesting)
          throw exception_error("exceeds maximum depth");
        const json::array* list = value->if_array();
        if (list == nullptr || list->empty())
          throw exception_error("no value was given: " + std::string(op_value->get_string()) +
                                " needs a non-empty list of conditions");
        c.children.reserve(list->size());
        for (const auto& element : *list) {
          if (element.is_null()) throw exception_error("condition is None");
          if (!element.is_object()) throw exception_error("no operation key was given");
          c.children.push_back(operation(element.get_object(), column, depth + 1));
        }
        break;
      }
      case FilterOp::has_key:
        if (!value->is_string()) throw data_error(kInvalidText);
        c.values.push_back(checked_text(value->get_string()));
        break;
      case FilterOp::has_any:
      case FilterOp::has_all: {
        const json::array* list = value->if_array();
        if (list == nullptr) throw data_error(kInvalidText);
        if (list->size() > limits_.max_in_elements) throw exception_error("exceeds maximum size");
        SqlTextArray keys;
        keys.reserve(list->size());
        for (const auto& element : *list) {
          if (!element.is_string()) throw data_error(kInvalidText);
          keys.push_back(checked_text(element.get_string()));
        }
        c.values.emplace_back(std::move(keys));
        break;
      }
    }
    return c;
  }

  static FilterOp operation_of(const json::value& name) {
    if (name.is_string()) {
      const std::string_view text = name.get_string();
      for (const auto& known : kOperations)
        if (known.name == text) return known.op;
      throw exception_error("invalid operator: " + std::string(text));
    }
    throw exception_error("invalid operator: " + json::serialize(name));
  }

  // A LIKE pattern: a string of at most max_like_pattern characters, used as written.
  std::string pattern(const json::value& value) const {
    if (!value.is_string()) throw data_error(kInvalidText);
    const std::string_view text = value.get_string();
    if (code_points(text) > limits_.max_like_pattern) throw exception_error("exceeds maximum size");
    return checked_text(text);
  }

  const ModelRegistry& registry_;
  const Caller& caller_;
  const CatalogLimits& limits_;
};

}  // namespace

FilterTree parse_filters(const ModelRegistry& registry, const ModelSchema& root,
                         const json::object& filters, const Caller& caller,
                         const CatalogLimits& limits) {
  if (filters.size() > limits.max_filter_keys) throw exception_error("exceeds maximum size");
  const Parser parser(registry, caller, limits);
  FilterTree tree;
  for (const auto& [key, condition] : filters) {
    std::string_view path = key;
    const bool in_or_group = path.starts_with(kOrPrefix);
    if (in_or_group) path.remove_prefix(kOrPrefix.size());
    FilterTerm term;
    term.target = parser.resolve(root, path);
    term.condition = parser.condition(condition, *term.target.column);
    (in_or_group ? tree.any : tree.all).push_back(std::move(term));
  }
  // A single or- key is simply ANDed (§2.3): OR needs at least two.
  if (tree.any.size() == 1) {
    tree.all.push_back(std::move(tree.any.front()));
    tree.any.clear();
  }
  return tree;
}

}  // namespace tandem::domain::catalog
