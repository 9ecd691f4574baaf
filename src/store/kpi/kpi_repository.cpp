#include "store/kpi/kpi_repository.hpp"

#include "store/db/columns.hpp"
#include "store/db/record_query.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {

// The same texts on both dialects.
const Columns<KpiRecord> kColumns{{"id", &KpiRecord::id},
                                  {"circle_id", &KpiRecord::circle_id},
                                  {"name", &KpiRecord::name},
                                  {"periodicity", &KpiRecord::periodicity},
                                  {"unit", &KpiRecord::unit},
                                  {"initial_value", &KpiRecord::initial_value},
                                  {"target_value", &KpiRecord::target_value},
                                  {"active", &KpiRecord::active}};
const std::string kSelect = "SELECT " + kColumns.list() + " FROM kpis ";

const Statement kList{"kpi_list", kSelect + "ORDER BY id"};
const Statement kFind{"kpi_find", kSelect + "WHERE id = $1"};
const Statement kNameTaken{"kpi_name_taken", "SELECT 1 FROM kpis WHERE name = $1"};
const Statement kInsert{"kpi_insert",
                        "INSERT INTO kpis (circle_id, name, periodicity, unit, initial_value, "
                        "target_value, active) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
const Statement kUpdate{"kpi_update",
                        "UPDATE kpis SET circle_id = CASE WHEN $2 THEN $3 ELSE circle_id END, "
                        "name = coalesce($4, name), periodicity = coalesce($5, periodicity), "
                        "unit = coalesce($6, unit), initial_value = coalesce($7, initial_value), "
                        "target_value = coalesce($8, target_value), active = coalesce($9, active) "
                        "WHERE id = $1"};

}  // namespace

boost::asio::awaitable<std::vector<KpiRecord>> KpiRepository::list() {
  auto found = co_await all_records(db_, kList, kColumns);
  co_return found;
}

boost::asio::awaitable<std::optional<KpiRecord>> KpiRepository::find(std::int64_t id) {
  auto found = co_await first_record(db_, kFind, kColumns, id);
  co_return found;
}

boost::asio::awaitable<std::optional<KpiRecord>> KpiRepository::find(Transaction& tx,
                                                                     std::int64_t id) {
  auto found = co_await first_record(tx, kFind, kColumns, id);
  co_return found;
}

boost::asio::awaitable<bool> KpiRepository::name_taken(Transaction& tx, const std::string& name) {
  SqlParams params{name};
  auto rs = co_await tx.query(kNameTaken, std::move(params));
  co_return !rs.empty();
}

boost::asio::awaitable<std::int64_t> KpiRepository::insert(Transaction& tx, const NewKpi& k) {
  SqlParams params{nullable(k.circle_id), k.name,         k.periodicity, k.unit,
                   k.initial_value,       k.target_value, k.active};
  auto rs = co_await tx.query(kInsert, std::move(params));
  co_return single_integer(rs);
}

boost::asio::awaitable<void> KpiRepository::update(Transaction& tx, std::int64_t id,
                                                   const KpiPatch& p) {
  SqlParams params{id,
                   p.set_circle,
                   nullable(p.circle_id),
                   nullable(p.name),
                   nullable(p.periodicity),
                   nullable(p.unit),
                   nullable(p.initial_value),
                   nullable(p.target_value),
                   nullable(p.active)};
  auto rs = co_await tx.query(kUpdate, std::move(params));
  (void)rs;
}

}  // namespace tandem::store
