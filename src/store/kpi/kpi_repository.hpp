#pragma once
// KPI definitions (spec/kpi.md §1.5). Enums are stored by their lower-case name.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

struct KpiRecord {
  std::int64_t id = 0;
  std::optional<std::int64_t> circle_id;
  std::string name;
  std::string periodicity;  // yearly | quarterly | monthly
  std::string unit;         // chf | percentage | amount | score
  double initial_value = 0;
  double target_value = 0;
  bool active = true;
};

struct NewKpi {
  std::optional<std::int64_t> circle_id;
  std::string name;
  std::string periodicity;
  std::string unit;
  double initial_value = 0;
  double target_value = 0;
  bool active = true;
};

// Only the fields that are set change. `set_circle` with an empty circle_id clears it.
struct KpiPatch {
  bool set_circle = false;
  std::optional<std::int64_t> circle_id;
  std::optional<std::string> name;
  std::optional<std::string> periodicity;
  std::optional<std::string> unit;
  std::optional<double> initial_value;
  std::optional<double> target_value;
  std::optional<bool> active;
};

class KpiRepository {
 public:
  explicit KpiRepository(Database& db) : db_(db) {}

  boost::asio::awaitable<std::vector<KpiRecord>> list();
  boost::asio::awaitable<std::optional<KpiRecord>> find(std::int64_t id);
  boost::asio::awaitable<std::optional<KpiRecord>> find(Transaction& tx, std::int64_t id);
  boost::asio::awaitable<bool> name_taken(Transaction& tx, const std::string& name);
  // Both throw DatabaseError(unique_violation) for a taken name.
  boost::asio::awaitable<std::int64_t> insert(Transaction& tx, const NewKpi& kpi);
  boost::asio::awaitable<void> update(Transaction& tx, std::int64_t id, const KpiPatch& patch);

 private:
  Database& db_;
};

}  // namespace tandem::store
