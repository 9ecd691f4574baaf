#include <charconv>

#include "store/db/database.hpp"

namespace tandem::store {

std::string ResultSet::text(std::size_t row, std::size_t col) const {
  const auto& c = cell(row, col);
  return c ? *c : std::string{};
}

std::optional<std::int64_t> ResultSet::optional_integer(std::size_t row, std::size_t col) const {
  const auto& c = cell(row, col);
  if (!c) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(c->data(), c->data() + c->size(), v);
  if (ec != std::errc{}) {
    // PostgreSQL renders numeric aggregates such as SUM() as "12.0"-free integers, but a real
    // column read as an integer would land here; truncate the way a cast would.
    return static_cast<std::int64_t>(std::strtod(c->c_str(), nullptr));
  }
  return v;
}

std::int64_t ResultSet::integer(std::size_t row, std::size_t col) const {
  return optional_integer(row, col).value_or(0);
}

double ResultSet::real(std::size_t row, std::size_t col) const {
  const auto& c = cell(row, col);
  return c ? std::strtod(c->c_str(), nullptr) : 0.0;
}

bool ResultSet::boolean(std::size_t row, std::size_t col) const {
  const auto& c = cell(row, col);
  return c && (*c == "t" || *c == "true" || *c == "1");
}

}  // namespace tandem::store
