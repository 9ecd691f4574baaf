#include "store/kpi/kpi_value_repository.hpp"

#include "store/db/columns.hpp"
#include "store/db/record_query.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {

// The same texts on both dialects.
const Columns<KpiValueRecord> kColumns{
    {"v.id", &KpiValueRecord::id},
    {"v.kpi_id", &KpiValueRecord::kpi_id},
    {"v.period_year", &KpiValueRecord::period_year},
    {"v.period_month", &KpiValueRecord::period_month},
    {"v.value", &KpiValueRecord::value},
    {"v.created_by_user_id", &KpiValueRecord::created_by_user_id},
    {"v.created_at", &KpiValueRecord::created_at},
    {"v.updated_by_user_id", &KpiValueRecord::updated_by_user_id},
    {"v.updated_at", &KpiValueRecord::updated_at}};
const std::string kSelect = "SELECT " + kColumns.list() + " FROM kpi_values v ";
const std::string kWindow = "v.period_year BETWEEN $1 AND $2 AND v.period_month BETWEEN $3 AND $4 ";

const Statement kInsert{"kpi_value_insert",
                        "INSERT INTO kpi_values (kpi_id, period_year, period_month, value, "
                        "created_by_user_id, created_at, updated_by_user_id, updated_at) VALUES "
                        "($1, $2, $3, $4, $5, $6, NULL, $6) RETURNING id"};
const Statement kFind{"kpi_value_find", kSelect + "WHERE v.id = $1"};
const Statement kUpdateValue{"kpi_value_update",
                             "UPDATE kpi_values SET updated_at = CASE WHEN value = $2 THEN "
                             "updated_at ELSE $4 END, value = $2, updated_by_user_id = $3 "
                             "WHERE id = $1"};
const Statement kSearchAll{"kpi_value_search_all", kSelect + "WHERE " + kWindow + "ORDER BY v.id"};
const Statement kSearchCircle{"kpi_value_search_circle",
                              kSelect +
                                  "JOIN kpis k ON k.id = v.kpi_id WHERE k.circle_id = $5 AND " +
                                  kWindow + "ORDER BY v.kpi_id, v.id"};

}  // namespace

boost::asio::awaitable<std::int64_t> KpiValueRepository::insert(Transaction& tx,
                                                                const NewKpiValue& v) {
  SqlParams params{v.kpi_id, v.period_year, v.period_month, v.value, v.user_id, v.now};
  auto rs = co_await tx.query(kInsert, std::move(params));
  co_return single_integer(rs);
}

boost::asio::awaitable<std::optional<KpiValueRecord>> KpiValueRepository::find(Transaction& tx,
                                                                               std::int64_t id) {
  auto found = co_await first_record(tx, kFind, kColumns, id);
  co_return found;
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
  co_return kColumns.all(rs);
}

}  // namespace tandem::store
