#pragma once
// A record's columns declared once: each pairs an SQL expression with the record field it fills.
// The SELECT list and the row reader both come from that one declaration, so the two cannot
// drift apart and no code reads a row by column number.
//
//   const Columns<CircleRecord> columns{{"c.id", &CircleRecord::id},
//                                       {"c.name", &CircleRecord::name}};
//   "SELECT " + columns.list() + " FROM circles c"  ...  columns.all(rs)

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

// Reads one cell into a field of each supported type.
inline void read_cell(const ResultSet& rs, std::size_t row, std::size_t col, std::int64_t& out) {
  out = rs.integer(row, col);
}
inline void read_cell(const ResultSet& rs, std::size_t row, std::size_t col,
                      std::optional<std::int64_t>& out) {
  out = rs.optional_integer(row, col);
}
inline void read_cell(const ResultSet& rs, std::size_t row, std::size_t col, double& out) {
  out = rs.real(row, col);
}
inline void read_cell(const ResultSet& rs, std::size_t row, std::size_t col, bool& out) {
  out = rs.boolean(row, col);
}
// Text is copied straight from the cell into the field: no temporary string in between.
inline void read_cell(const ResultSet& rs, std::size_t row, std::size_t col, std::string& out) {
  const auto& cell = rs.cell(row, col);
  if (cell)
    out = *cell;
  else
    out.clear();
}
inline void read_cell(const ResultSet& rs, std::size_t row, std::size_t col,
                      std::optional<std::string>& out) {
  out = rs.cell(row, col);
}

template <typename Record>
class Columns {
 public:
  using Reader = std::function<void(Record&, const ResultSet&, std::size_t row, std::size_t col)>;

  struct Column {
    Column(std::string expr, Reader reader)
        : expression(std::move(expr)), read(std::move(reader)) {}
    // A field of the record (or of a base class of it).
    template <typename Field, typename Owner>
    Column(std::string expr, Field Owner::*field)
        : expression(std::move(expr)),
          read([field](Record& r, const ResultSet& rs, std::size_t row, std::size_t col) {
            read_cell(rs, row, col, r.*field);
          }) {
      static_assert(std::is_base_of_v<Owner, Record>);
    }
    // A field of a member struct: {"c.id", &Membership::circle, &CircleRecord::id}.
    template <typename Member, typename Field, typename Inner>
    Column(std::string expr, Member Record::*member, Field Inner::*field)
        : expression(std::move(expr)),
          read([member, field](Record& r, const ResultSet& rs, std::size_t row, std::size_t col) {
            read_cell(rs, row, col, (r.*member).*field);
          }) {}
    // A field decoded from the cell's text (NULL reads as nullopt).
    template <typename Field, typename Owner>
    Column(std::string expr, Field Owner::*field,
           Field (*decode)(const std::optional<std::string>&))
        : expression(std::move(expr)),
          read([field, decode](Record& r, const ResultSet& rs, std::size_t row, std::size_t col) {
            r.*field = decode(rs.cell(row, col));
          }) {
      static_assert(std::is_base_of_v<Owner, Record>);
    }

    std::string expression;
    Reader read;
  };

  Columns(std::initializer_list<Column> columns) : columns_(columns) {}

  // These columns followed by `inner`'s, which fill the member `member`: a record that embeds
  // another reuses the other's declaration.
  template <typename Inner>
  Columns with(Inner Record::*member, const Columns<Inner>& inner) const {
    Columns out = *this;
    for (const auto& c : inner.columns_)
      out.columns_.emplace_back(
          c.expression,
          [member, read = c.read](Record& r, const ResultSet& rs, std::size_t row,
                                  std::size_t col) { read(r.*member, rs, row, col); });
    return out;
  }

  std::size_t size() const { return columns_.size(); }

  // "e1, e2, ..." for a SELECT or RETURNING list.
  std::string list() const {
    std::string out;
    for (const auto& c : columns_) {
      if (!out.empty()) out += ", ";
      out += c.expression;
    }
    return out;
  }

  // Reads row `row`, whose columns from `first` on are these columns in order.
  Record read(const ResultSet& rs, std::size_t row, std::size_t first = 0) const {
    Record record{};
    read_into(record, rs, row, first);
    return record;
  }
  void read_into(Record& record, const ResultSet& rs, std::size_t row,
                 std::size_t first = 0) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) columns_[i].read(record, rs, row, first + i);
  }
  // Both read into the record where it is returned, never into a copy that is then moved.
  std::optional<Record> first(const ResultSet& rs) const {
    std::optional<Record> out;
    if (rs.empty()) return out;
    read_into(out.emplace(), rs, 0);
    return out;
  }
  std::vector<Record> all(const ResultSet& rs) const {
    std::vector<Record> out(rs.size());
    for (std::size_t r = 0; r < out.size(); ++r) read_into(out[r], rs, r);
    return out;
  }

 private:
  template <typename>
  friend class Columns;
  std::vector<Column> columns_;
};

// Results that are one value, not a record: an id from RETURNING, a count(*).
inline std::int64_t single_integer(const ResultSet& rs) { return rs.integer(0, 0); }
inline std::string single_text(const ResultSet& rs) { return rs.text(0, 0); }
// The only column of every row, as text (a list of uuids).
inline std::vector<std::string> text_column(const ResultSet& rs) {
  std::vector<std::string> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r) out.push_back(rs.text(r, 0));
  return out;
}

}  // namespace tandem::store
