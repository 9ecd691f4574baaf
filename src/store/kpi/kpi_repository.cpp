#include "store/kpi/kpi_repository.hpp"

namespace tandem::store {

namespace {

#define TANDEM_KPI_COLUMNS \
  "SELECT id, circle_id, name, periodicity, unit, initial_value, target_value, active FROM kpis "

constexpr Sql kList{"kpi_list", TANDEM_KPI_COLUMNS "ORDER BY id"};
constexpr Sql kFind{"kpi_find", TANDEM_KPI_COLUMNS "WHERE id = $1"};
constexpr Sql kNameTaken{"kpi_name_taken", "SELECT 1 FROM kpis WHERE name = $1"};
constexpr Sql kInsert{"kpi_insert",
                      "INSERT INTO kpis (circle_id, name, periodicity, unit, initial_value, "
                      "target_value, active) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr Sql kUpdate{"kpi_update",
                      "UPDATE kpis SET circle_id = CASE WHEN $2 THEN $3 ELSE circle_id END, "
                      "name = coalesce($4, name), periodicity = coalesce($5, periodicity), "
                      "unit = coalesce($6, unit), initial_value = coalesce($7, initial_value), "
                      "target_value = coalesce($8, target_value), active = coalesce($9, active) "
                      "WHERE id = $1"};

KpiRecord read_kpi(const ResultSet& rs, std::size_t r) {
  KpiRecord k;
  k.id = rs.integer(r, 0);
  k.circle_id = rs.optional_integer(r, 1);
  k.name = rs.text(r, 2);
  k.periodicity = rs.text(r, 3);
  k.unit = rs.text(r, 4);
  k.initial_value = rs.real(r, 5);
  k.target_value = rs.real(r, 6);
  k.active = rs.boolean(r, 7);
  return k;
}

std::optional<KpiRecord> first_kpi(const ResultSet& rs) {
  if (rs.empty()) return std::nullopt;
  return read_kpi(rs, 0);
}

template <typename T>
SqlValue opt(const std::optional<T>& v) {
  if (v) return *v;
  return nullptr;
}

}  // namespace

boost::asio::awaitable<std::vector<KpiRecord>> KpiRepository::list() {
  auto rs = co_await db_.query(kList, SqlParams{});
  std::vector<KpiRecord> out;
  out.reserve(rs.size());
  for (std::size_t r = 0; r < rs.size(); ++r) out.push_back(read_kpi(rs, r));
  co_return out;
}

boost::asio::awaitable<std::optional<KpiRecord>> KpiRepository::find(std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await db_.query(kFind, std::move(params));
  co_return first_kpi(rs);
}

boost::asio::awaitable<std::optional<KpiRecord>> KpiRepository::find(Transaction& tx,
                                                                     std::int64_t id) {
  SqlParams params{id};
  auto rs = co_await tx.query(kFind, std::move(params));
  co_return first_kpi(rs);
}

boost::asio::awaitable<bool> KpiRepository::name_taken(Transaction& tx, const std::string& name) {
  SqlParams params{name};
  auto rs = co_await tx.query(kNameTaken, std::move(params));
  co_return !rs.empty();
}

boost::asio::awaitable<std::int64_t> KpiRepository::insert(Transaction& tx, const NewKpi& k) {
  SqlParams params{opt(k.circle_id), k.name,         k.periodicity, k.unit,
                   k.initial_value,  k.target_value, k.active};
  auto rs = co_await tx.query(kInsert, std::move(params));
  co_return rs.integer(0, 0);
}

boost::asio::awaitable<void> KpiRepository::update(Transaction& tx, std::int64_t id,
                                                   const KpiPatch& p) {
  SqlParams params{
      id,          p.set_circle,         opt(p.circle_id),    opt(p.name),  opt(p.periodicity),
      opt(p.unit), opt(p.initial_value), opt(p.target_value), opt(p.active)};
  auto rs = co_await tx.query(kUpdate, std::move(params));
  (void)rs;
}

}  // namespace tandem::store
