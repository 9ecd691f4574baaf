#pragma once
// Small builders every face's renderers repeat: a list of rows as a JSON array, and an optional
// column as its value or null. Header-only templates: they know no face's rows.

#include <boost/json.hpp>
#include <optional>

namespace tandem::platform {

// Each row rendered by `render`, in order.
template <typename Rows, typename Render>
boost::json::array render_each(const Rows& rows, Render render) {
  boost::json::array out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(render(row));
  return out;
}

// The value, or JSON null when the column is empty.
template <typename T>
boost::json::value value_or_null(const std::optional<T>& value) {
  if (value) return boost::json::value(*value);
  return nullptr;
}

}  // namespace tandem::platform
