#include "domain/kpi/kpi_service.hpp"

#include <limits>
#include <map>

#include "domain/kpi/kpi_enums.hpp"
#include "platform/clock.hpp"

namespace tandem::domain::kpi {

namespace {

using Kind = store::DatabaseError::Kind;

std::int64_t now_micros() { return platform::Clock::instance().now_micros(); }

// Without a period the search spans every stored year (period_year is a 32-bit column).
constexpr std::int64_t kEarliestYear = std::numeric_limits<std::int32_t>::min();
constexpr std::int64_t kLatestYear = std::numeric_limits<std::int32_t>::max();

}  // namespace

bool is_gatekeeper(const store::UserRecord& user) { return user.has_role(kGatekeeperRole); }

KpiService::KpiService(store::Database& db, identity::IdentityService& identity,
                       KpiSettings settings)
    : db_(db),
      identity_(identity),
      settings_(settings),
      circles_(db),
      kpis_(db),
      values_(db),
      change_logs_(db) {}

boost::asio::awaitable<std::variant<LoginSuccess, LoginRefusal>> KpiService::login(
    LoginRequest in) {
  auto found = co_await identity_.users().find_by_email(in.email);
  if (!found) co_return LoginRefusal{LoginRefusal::not_found};
  if (!found->active) co_return LoginRefusal{LoginRefusal::inactive};
  if (!found->password_hash) {
    // The original had no passwords at all; its client re-logs in silently by email. An admin
    // is never let in that way: the token is accepted by every face, and v1 admits admins only
    // with a password (the stricter rule wins, design.md).
    if (settings_.passwordless_login && !found->has_role(identity::kAdminRole))
      co_return LoginSuccess{std::move(*found), true};
    co_return LoginRefusal{LoginRefusal::invalid_credentials};
  }
  // A user with a password always needs it; the identity service verifies it in constant time,
  // rate-limits failures and upgrades old hashes.
  identity::LoginInput credentials;
  credentials.key = identity::LoginKey::email;
  credentials.identifier = in.email;
  credentials.password = in.password.value_or("");
  credentials.client_address = in.client_address;
  auto result = co_await identity_.login(std::move(credentials));
  if (auto* failure = std::get_if<identity::LoginFailure>(&result)) {
    if (failure->kind == identity::LoginFailure::rate_limited)
      co_return LoginRefusal{LoginRefusal::rate_limited, failure->retry_after_seconds};
    co_return LoginRefusal{LoginRefusal::invalid_credentials};
  }
  co_return LoginSuccess{std::move(std::get<store::UserRecord>(result)), false};
}

namespace {

void hide_email_from(const store::UserRecord& viewer, store::UserRecord& user) {
  bool may_see =
      viewer.id == user.id || is_gatekeeper(viewer) || viewer.has_role(identity::kAdminRole);
  if (!may_see) user.email.reset();
}

}  // namespace

boost::asio::awaitable<std::variant<UserWithCircles, UserLookupFailure>> KpiService::user(
    std::int64_t id, const store::UserRecord& viewer) {
  auto found = co_await identity_.users().find_by_id(id);
  if (!found) co_return UserLookupFailure::not_found;
  if (!found->active) co_return UserLookupFailure::inactive;
  hide_email_from(viewer, *found);
  auto circles = co_await circles_.circles_of(id);
  co_return UserWithCircles{std::move(*found), std::move(circles)};
}

boost::asio::awaitable<std::vector<UserWithCircles>> KpiService::users(
    const store::UserRecord& viewer) {
  store::UserListFilter every;
  every.limit = std::numeric_limits<std::int64_t>::max();
  auto users = co_await identity_.users().list(every);
  auto memberships = co_await circles_.all_memberships();
  std::map<std::int64_t, std::vector<store::CircleRecord>> circles_by_user;
  for (auto& m : memberships) circles_by_user[m.user_id].push_back(std::move(m.circle));
  std::vector<UserWithCircles> out;
  out.reserve(users.size());
  for (auto& u : users) {
    hide_email_from(viewer, u);
    auto it = circles_by_user.find(u.id);
    std::vector<store::CircleRecord> circles;
    if (it != circles_by_user.end()) circles = std::move(it->second);
    out.push_back({std::move(u), std::move(circles)});
  }
  co_return out;
}

boost::asio::awaitable<std::vector<store::CircleRecord>> KpiService::circles() {
  auto all = co_await circles_.list();
  co_return all;
}

boost::asio::awaitable<std::optional<store::CircleRecord>> KpiService::circle(std::int64_t id) {
  auto found = co_await circles_.find(id);
  co_return found;
}

boost::asio::awaitable<std::optional<CircleAddFailure>> KpiService::add_circle(
    const store::UserRecord& caller, std::string name) {
  if (settings_.strict_roles && !is_gatekeeper(caller)) co_return CircleAddFailure::not_gatekeeper;
  auto existing = co_await circles_.find_by_name(name);
  if (existing) co_return CircleAddFailure::name_taken;
  bool taken = false;
  try {
    auto id = co_await circles_.insert(name);
    (void)id;
  } catch (const store::DatabaseError& e) {
    if (e.kind() != Kind::unique_violation) throw;
    taken = true;
  }
  if (taken) co_return CircleAddFailure::name_taken;
  co_return std::nullopt;
}

boost::asio::awaitable<std::vector<store::KpiRecord>> KpiService::kpis() {
  auto all = co_await kpis_.list();
  co_return all;
}

boost::asio::awaitable<std::optional<store::KpiRecord>> KpiService::kpi(std::int64_t id) {
  auto found = co_await kpis_.find(id);
  co_return found;
}

boost::asio::awaitable<std::optional<KpiWriteFailure>> KpiService::add_kpi(
    const store::UserRecord& caller, store::NewKpi kpi) {
  if (!is_gatekeeper(caller)) co_return KpiWriteFailure::not_gatekeeper;
  std::optional<KpiWriteFailure> failure;
  try {
    auto tx = co_await db_.begin();
    bool circle_ok = true;
    if (kpi.circle_id) {
      auto exists = co_await circles_.exists(*tx, *kpi.circle_id);
      circle_ok = exists;
    }
    // Looked up first, as the original did, so a refused name costs no sequence number on
    // PostgreSQL; the UNIQUE constraint still decides between concurrent adds.
    bool taken = false;
    if (circle_ok) {
      auto found = co_await kpis_.name_taken(*tx, kpi.name);
      taken = found;
    }
    if (!circle_ok) {
      failure = KpiWriteFailure::circle_not_found;
    } else if (taken) {
      failure = KpiWriteFailure::name_taken;
    } else {
      auto id = co_await kpis_.insert(*tx, kpi);
      (void)id;
      co_await tx->commit();
    }
  } catch (const store::DatabaseError& e) {
    if (e.kind() != Kind::unique_violation) throw;
    failure = KpiWriteFailure::name_taken;
  }
  co_return failure;
}

boost::asio::awaitable<std::optional<KpiWriteFailure>> KpiService::edit_kpi(
    const store::UserRecord& caller, std::int64_t id, store::KpiPatch patch) {
  if (!is_gatekeeper(caller)) co_return KpiWriteFailure::not_gatekeeper;
  std::optional<KpiWriteFailure> failure;
  try {
    auto tx = co_await db_.begin();
    auto existing = co_await kpis_.find(*tx, id);
    bool circle_ok = true;
    if (existing && patch.set_circle && patch.circle_id) {
      auto exists = co_await circles_.exists(*tx, *patch.circle_id);
      circle_ok = exists;
    }
    if (!existing) {
      failure = KpiWriteFailure::kpi_not_found;
    } else if (!circle_ok) {
      failure = KpiWriteFailure::circle_not_found;
    } else {
      co_await kpis_.update(*tx, id, patch);
      co_await tx->commit();
    }
  } catch (const store::DatabaseError& e) {
    if (e.kind() != Kind::unique_violation) throw;
    failure = KpiWriteFailure::name_taken;
  }
  co_return failure;
}

std::optional<ValueWriteFailure> KpiService::check_value_rules(const store::KpiRecord& kpi,
                                                               std::int64_t month,
                                                               double value) const {
  if (!settings_.strict_values) return std::nullopt;
  // The React client's checkUnitValidity and isPeriod, enforced where they cannot be skipped.
  if (value < 0) return ValueWriteFailure::value_out_of_range;
  if (kpi.unit == stored_name(Unit::percentage) && value > 100)
    return ValueWriteFailure::value_out_of_range;
  if (kpi.periodicity == stored_name(Periodicity::quarterly) && month % 3 != 0)
    return ValueWriteFailure::month_not_in_periodicity;
  if (kpi.periodicity == stored_name(Periodicity::yearly) && month != 12)
    return ValueWriteFailure::month_not_in_periodicity;
  return std::nullopt;
}

boost::asio::awaitable<std::optional<ValueWriteFailure>> KpiService::check_value_access(
    store::Transaction& tx, const store::UserRecord& caller, const store::KpiRecord& kpi) {
  if (!settings_.strict_roles || is_gatekeeper(caller)) co_return std::nullopt;
  bool member = false;
  if (kpi.circle_id) {
    auto found = co_await circles_.is_member(tx, caller.id, *kpi.circle_id);
    member = found;
  }
  if (!member) co_return ValueWriteFailure::not_member;
  co_return std::nullopt;
}

boost::asio::awaitable<std::variant<std::int64_t, ValueWriteFailure>> KpiService::add_value(
    const store::UserRecord& caller, ValueInput in) {
  std::optional<ValueWriteFailure> failure;
  std::int64_t id = 0;
  try {
    auto tx = co_await db_.begin();
    auto kpi = co_await kpis_.find(*tx, in.kpi_id);
    if (!kpi) co_return ValueWriteFailure::kpi_not_found;
    if (settings_.strict_inactive_kpi && !kpi->active) co_return ValueWriteFailure::kpi_inactive;
    auto denied = co_await check_value_access(*tx, caller, *kpi);
    if (denied) co_return *denied;
    if (auto broken = check_value_rules(*kpi, in.period_month, in.value)) co_return *broken;
    std::int64_t now = now_micros();
    store::NewKpiValue row{in.kpi_id, in.period_year, in.period_month, in.value, caller.id, now};
    auto inserted = co_await values_.insert(*tx, row);
    id = inserted;
    store::NewChangeLog log{id, caller.id, now, std::string(kActivityCreated), in.value};
    co_await change_logs_.insert(*tx, log);
    co_await tx->commit();
  } catch (const store::DatabaseError& e) {
    // The UNIQUE (kpi_id, period_year, period_month) constraint decides races between adds.
    if (e.kind() != Kind::unique_violation) throw;
    failure = ValueWriteFailure::duplicate_period;
  }
  if (failure) co_return *failure;
  co_return id;
}

boost::asio::awaitable<std::optional<ValueWriteFailure>> KpiService::edit_value(
    const store::UserRecord& caller, std::int64_t value_id, double value) {
  auto tx = co_await db_.begin();
  auto existing = co_await values_.find(*tx, value_id);
  if (!existing) co_return ValueWriteFailure::value_not_found;
  auto kpi = co_await kpis_.find(*tx, existing->kpi_id);
  if (!kpi) co_return ValueWriteFailure::kpi_not_found;
  if (!kpi->active) co_return ValueWriteFailure::kpi_inactive;
  auto denied = co_await check_value_access(*tx, caller, *kpi);
  if (denied) co_return *denied;
  if (auto broken = check_value_rules(*kpi, existing->period_month, value)) co_return *broken;
  std::int64_t now = now_micros();
  co_await values_.update_value(*tx, value_id, value, caller.id, now);
  store::NewChangeLog log{value_id, caller.id, now, std::string(kActivityUpdated), value};
  co_await change_logs_.insert(*tx, log);
  co_await tx->commit();
  co_return std::nullopt;
}

store::KpiValueSearch KpiService::value_search(const ValueQuery& query) const {
  store::KpiValueSearch search;
  search.circle_id = query.circle_id;
  if (query.period) {
    auto window = window_for(*query.period, year_month_of(now_micros()));
    search.year_from = window.year_from;
    search.year_to = window.year_to;
    search.month_from = window.month_from;
    search.month_to = window.month_to;
  } else {
    search.year_from = kEarliestYear;
    search.year_to = kLatestYear;
  }
  return search;
}

boost::asio::awaitable<std::vector<store::KpiValueRecord>> KpiService::values(
    store::KpiValueSearch search) {
  auto found = co_await values_.search(search);
  co_return found;
}

boost::asio::awaitable<std::vector<store::ChangeFeedRow>> KpiService::change_feed(
    std::int64_t circle_id, YearMonth from, YearMonth to) {
  // Up to the first instant of the month after `to`: the original stopped at midnight starting
  // the last day, losing that day's changes (§5.22).
  auto rows = co_await change_logs_.circle_feed(circle_id, month_start_micros(from),
                                                month_start_micros(next_month(to)));
  co_return rows;
}

boost::asio::awaitable<std::vector<store::ChangeLogRecord>> KpiService::recent_changes(
    std::int64_t value_id) {
  auto rows = co_await change_logs_.recent_for_value(value_id, kMiniLogSize);
  co_return rows;
}

}  // namespace tandem::domain::kpi
