#include "store/db/sql_builder.hpp"

namespace tandem::store {

std::string set_if_given(std::string_view column, int given, std::string_view value) {
  std::string out(column);
  out += " = CASE WHEN $" + std::to_string(given) + " THEN ";
  if (value.empty())
    out += "$" + std::to_string(given + 1);
  else
    out += value;
  out += " ELSE ";
  out += column;
  out += " END";
  return out;
}

std::string set_if_given(std::initializer_list<std::string_view> columns, int first_given) {
  std::string out;
  for (auto column : columns) {
    if (!out.empty()) out += ", ";
    out += set_if_given(column, first_given);
    first_given += 2;
  }
  return out;
}

}  // namespace tandem::store
