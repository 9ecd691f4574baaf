#include "store/kpi/kpi_value_repository.hpp"

namespace tandem::store {

namespace {

#define TANDEM_KPI_VALUE_COLUMNS                                                          \
  "SELECT v.id, v.kpi_id, v.period_year, v.period_month, v.value, v.created_by_user_id, " \
  "v.created_at, v.updated_by_user_id, v.updated_at FROM kpi_values v "
#define TANDEM_KPI_VALUE_WINDOW \
  "v.period_year BETWEEN $1 AND $2 AND v.period_month BETWEEN $3 AND $4 "

constexpr Sql kInsert{"kpi_value_insert",
                      "INSERT INTO kpi_values (kpi_id, period_year, period_month, value, "
                      "created_by_user_id, created_at, updated_by_user_id, updated_at) VALUES "
                      "($1, $2, $3, $4, $5, $6, NULL, $6) RETURNING id"};
constexpr Sql kFind{"kpi_value_find", TANDEM_KPI_VALUE_COLUMNS "WHERE v.id = $1"};
constexpr Sql kUpdateValue{"kpi_value_update",
                           "UPDATE kpi_values SET updated_at = CASE WHEN value = $2 THEN "
                           "updated_at ELSE $4 END, value = $2, updated_by_user_id = $3 "
                           "WHERE id = $1"};
constexpr Sql kSearchAll{"kpi_value_search_all",
                         TANDEM_KPI_VALUE_COLUMNS "WHERE " TANDEM_KPI_VALUE_WINDOW "ORDER BY v.id"};
constexpr Sql kSearchCircle{"kpi_value_search_circle", TANDEM_KPI_VALUE_COLUMNS
                            "JOIN kpis k ON k.id = v.kpi_id WHERE k.circle_id = $5 "
                            "AND " TANDEM_KPI_VALUE_WINDOW "ORDER BY v.kpi_id, v.id"};

KpiValueRecord read_value(const ResultSet& rs, std::size_t r) {
  KpiValueRecord v;
  v.id = rs.integer(r, 0);
  v.kpi_id = rs.integer(r, 1);
  v.period_year = rs.integer(r, 2);
  v.period_month = rs.integer(r, 3);
  v.value = rs.real(r, 4);
  v.created_by_user_id = rs.optional_integer(r, 5);
  v.created_at = rs.integer(r, 6);
  v.updated_by_user_id = rs.optional_integer(r, 7);
  v.updated_at = rs.integer(r, 8);
  return v;
}

}  // namespace

boost::asio::awaitable<std::int64_t> KpiValueRepository::insert(Transaction& tx,
                                                                const NewKpiValue& v) {
  SqlParams params{v.kpi_id, v.period_year, v.period_month, v.value, v.user_id, v.now};
  auto rs = co_await tx.query(kInsert, std::move(params));
  co_return rs.integer(0, 0);
}

boost::asio::awaitable<std::optional<KpiValueRecord>> KpiValueRepository::find(Transaction& tx,
                                                                               std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await tx.query(kFind, std::move(params));
  if (rs.empty()) co_return std::nullopt;
  co_return read_value(rs, 0);
}

boost::asio::awaitable<void> KpiValueRepository::update_value(Transaction& tx, std::int64_t id,
                                                              double value, std::int64_t user_id,
                                                              std::int64_t now) {
  SqlParams params{id, value, user_id, now};
  auto rs = co_await tx.query(kUpdateValue, std::move(params));
  (void)rs;
}

boost::asio::awaitable<std::vector<KpiValueRecord>> KpiValueRepository::search(
    const KpiValueSearch& s) {
  SqlParams params{s.year_from, s.year_to, s.month_from, s.month_to};
  ResultSet rs;
  if (s.circle_id) {
    params.emplace_back(*s.circle_id);
    auto found = co_await db_.query(kSearchCircle, std::move(params));
    rs = std::move(found);
  } else {
    auto found = co_await db_.query(kSearchAll, std::move(params));
    rs = std::move(found);
  }
  std::vector<KpiValueRecord> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r) out.push_back(read_value(rs, r));
  co_return out;
}

}  // namespace tandem::store
