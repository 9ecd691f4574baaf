#include "store/db/jsonb_semantics.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace tandem::store::sqlite {

namespace json = boost::json;

namespace {

bool is_number(const json::value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }
bool is_container(const json::value& v) { return v.is_object() || v.is_array(); }

// Integers of either signedness exactly; anything with a double as doubles.
bool numbers_equal(const json::value& a, const json::value& b) {
  if (a.is_double() || b.is_double()) return a.to_number<double>() == b.to_number<double>();
  if (a.is_int64() && b.is_int64()) return a.get_int64() == b.get_int64();
  if (a.is_uint64() && b.is_uint64()) return a.get_uint64() == b.get_uint64();
  const auto& signed_one = a.is_int64() ? a : b;
  const auto& unsigned_one = a.is_int64() ? b : a;
  return signed_one.get_int64() >= 0 &&
         static_cast<std::uint64_t>(signed_one.get_int64()) == unsigned_one.get_uint64();
}

bool scalars_equal(const json::value& a, const json::value& b) {
  if (is_number(a) && is_number(b)) return numbers_equal(a, b);
  if (a.kind() != b.kind()) return false;
  if (a.is_string()) return a.get_string() == b.get_string();
  if (a.is_bool()) return a.get_bool() == b.get_bool();
  return a.is_null();
}

// Containment below the top level: the kinds must agree.
bool contains_nested(const json::value& doc, const json::value& other) {
  if (doc.is_object()) {
    if (!other.is_object()) return false;
    const auto& object = doc.get_object();
    for (const auto& [key, wanted] : other.get_object()) {
      const auto* have = object.if_contains(key);
      if (have == nullptr || !contains_nested(*have, wanted)) return false;
    }
    return true;
  }
  if (doc.is_array()) {
    if (!other.is_array()) return false;
    const auto& array = doc.get_array();
    for (const auto& wanted : other.get_array()) {
      bool found = false;
      for (const auto& have : array) {
        // A scalar element is looked for among scalars, a container among containers.
        if (is_container(wanted) != is_container(have)) continue;
        if (contains_nested(have, wanted)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  return !is_container(other) && scalars_equal(doc, other);
}

}  // namespace

bool jsonb_contains(const json::value& doc, const json::value& other) {
  // jsonb stores a top-level scalar as a one-element array, so an array "contains" a scalar
  // that is one of its elements; the reverse (a scalar containing an array) does not hold.
  if (doc.is_array() && !is_container(other)) {
    for (const auto& have : doc.get_array()) {
      if (!is_container(have) && scalars_equal(have, other)) return true;
    }
    return false;
  }
  return contains_nested(doc, other);
}

bool jsonb_equal(const json::value& a, const json::value& b) {
  if (a.is_object()) {
    if (!b.is_object() || a.get_object().size() != b.get_object().size()) return false;
    const auto& other = b.get_object();
    for (const auto& [key, value] : a.get_object()) {
      const auto* match = other.if_contains(key);
      if (match == nullptr || !jsonb_equal(value, *match)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (!b.is_array() || a.get_array().size() != b.get_array().size()) return false;
    const auto& left = a.get_array();
    const auto& right = b.get_array();
    for (std::size_t i = 0; i < left.size(); ++i) {
      if (!jsonb_equal(left[i], right[i])) return false;
    }
    return true;
  }
  return !is_container(b) && scalars_equal(a, b);
}

bool jsonb_has_key(const json::value& doc, std::string_view key) {
  if (doc.is_object()) return doc.get_object().contains(key);
  if (doc.is_array()) {
    for (const auto& element : doc.get_array()) {
      if (element.is_string() && element.get_string() == key) return true;
    }
    return false;
  }
  return doc.is_string() && doc.get_string() == key;
}

}  // namespace tandem::store::sqlite
