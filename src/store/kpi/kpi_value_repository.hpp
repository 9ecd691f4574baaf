#pragma once
// Monthly KPI values (spec/kpi.md §1.6). One value per (kpi, year, month), enforced by the
// kpi_values_period_unique constraint.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <vector>

#include "store/db/database.hpp"

namespace tandem::store {

struct KpiValueRecord {
  std::int64_t id = 0;
  std::int64_t kpi_id = 0;
  std::int64_t period_year = 0;
  std::int64_t period_month = 0;
  double value = 0;
  std::optional<std::int64_t> created_by_user_id;
  std::int64_t created_at = 0;  // microseconds, UTC
  std::optional<std::int64_t> updated_by_user_id;
  std::int64_t updated_at = 0;
};

struct NewKpiValue {
  std::int64_t kpi_id = 0;
  std::int64_t period_year = 0;
  std::int64_t period_month = 0;
  double value = 0;
  std::int64_t user_id = 0;
  std::int64_t now = 0;
};

// Values whose period lies inside [year_from, year_to] x [month_from, month_to] (each bound
// inclusive, years and months compared independently, as the original did), optionally only
// those of one circle's KPIs.
struct KpiValueSearch {
  std::optional<std::int64_t> circle_id;
  std::int64_t year_from = 0;
  std::int64_t year_to = 0;
  std::int64_t month_from = 1;
  std::int64_t month_to = 12;
};

class KpiValueRepository {
 public:
  explicit KpiValueRepository(Database& db) : db_(db) {}

  // Throws DatabaseError(unique_violation) when the KPI already has a value for that month.
  boost::asio::awaitable<std::int64_t> insert(Transaction& tx, const NewKpiValue& value);
  boost::asio::awaitable<std::optional<KpiValueRecord>> find(Transaction& tx, std::int64_t id);
  // Sets the value and who changed it; updated_at moves only when the value changes.
  boost::asio::awaitable<void> update_value(Transaction& tx, std::int64_t id, double value,
                                            std::int64_t user_id, std::int64_t now);
  // With a circle: grouped by KPI (ascending id), then by value id. Without: by value id.
  boost::asio::awaitable<std::vector<KpiValueRecord>> search(const KpiValueSearch& search);

 private:
  Database& db_;
};

}  // namespace tandem::store
