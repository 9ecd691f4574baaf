#pragma once
// The KPI module (spec/kpi.md): circles, KPIs, monthly values and their change log, with the
// original's rules and the fixes of §5. Face-agnostic: typed inputs, typed results and failures.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/identity/identity_service.hpp"
#include "domain/kpi/kpi_settings.hpp"
#include "domain/kpi/period_window.hpp"
#include "store/kpi/change_log_repository.hpp"
#include "store/kpi/circle_repository.hpp"
#include "store/kpi/kpi_repository.hpp"
#include "store/kpi/kpi_value_repository.hpp"

namespace tandem::domain::kpi {

inline constexpr std::string_view kGatekeeperRole = "gatekeeper";
inline constexpr std::string_view kActivityCreated = "Created";
inline constexpr std::string_view kActivityUpdated = "Updated";
inline constexpr std::int64_t kMiniLogSize = 3;

bool is_gatekeeper(const store::UserRecord& user);

struct LoginRequest {
  std::string email;
  std::optional<std::string> password;
  std::string client_address;
};
struct LoginSuccess {
  store::UserRecord user;
  bool email_only = false;  // no password proved: the token must say so (identity::kEmailOnlyClaim)
};
struct LoginRefusal {
  enum Kind { not_found, inactive, invalid_credentials, rate_limited } kind;
  std::int64_t retry_after_seconds = 0;
};

struct UserWithCircles {
  store::UserRecord user;
  std::vector<store::CircleRecord> circles;
};
enum class UserLookupFailure { not_found, inactive };

enum class CircleAddFailure { not_gatekeeper, name_taken };

enum class KpiWriteFailure { not_gatekeeper, kpi_not_found, circle_not_found, name_taken };

struct ValueInput {
  std::int64_t kpi_id = 0;
  std::int64_t period_year = 0;
  std::int64_t period_month = 0;
  double value = 0;
};
enum class ValueWriteFailure {
  kpi_not_found,
  value_not_found,
  duplicate_period,
  kpi_inactive,
  not_member,
  value_out_of_range,
  month_not_in_periodicity
};

struct ValueQuery {
  std::optional<std::int64_t> circle_id;
  std::optional<Period> period;  // none: every period
};

class KpiService {
 public:
  KpiService(store::Database& db, identity::IdentityService& identity, KpiSettings settings);

  // §2.2 + §5.1: email (case-insensitive), password required when the user has one; a user
  // without one and holding the admin role cannot log in here.
  boost::asio::awaitable<std::variant<LoginSuccess, LoginRefusal>> login(LoginRequest in);

  // Users as `viewer` may see them: the users table is every face's, and v1 shows other people's
  // emails only to admins, so here they go to the user themselves, gatekeepers and admins, and
  // are null for everyone else (the stricter rule wins; the KPI client reads only its own user).
  boost::asio::awaitable<std::variant<UserWithCircles, UserLookupFailure>> user(
      std::int64_t id, const store::UserRecord& viewer);
  // Every user, inactive ones included, by id.
  boost::asio::awaitable<std::vector<UserWithCircles>> users(const store::UserRecord& viewer);

  boost::asio::awaitable<std::vector<store::CircleRecord>> circles();
  boost::asio::awaitable<std::optional<store::CircleRecord>> circle(std::int64_t id);
  boost::asio::awaitable<std::optional<CircleAddFailure>> add_circle(
      const store::UserRecord& caller, std::string name);

  boost::asio::awaitable<std::vector<store::KpiRecord>> kpis();
  boost::asio::awaitable<std::optional<store::KpiRecord>> kpi(std::int64_t id);
  boost::asio::awaitable<std::optional<KpiWriteFailure>> add_kpi(const store::UserRecord& caller,
                                                                 store::NewKpi kpi);
  boost::asio::awaitable<std::optional<KpiWriteFailure>> edit_kpi(const store::UserRecord& caller,
                                                                  std::int64_t id,
                                                                  store::KpiPatch patch);

  // The value and its "Created" log row commit together; the id of the new value.
  boost::asio::awaitable<std::variant<std::int64_t, ValueWriteFailure>> add_value(
      const store::UserRecord& caller, ValueInput in);
  boost::asio::awaitable<std::optional<ValueWriteFailure>> edit_value(
      const store::UserRecord& caller, std::int64_t value_id, double value);
  // The stored window `query` reads now ("this_year" depends on today), which is also what a
  // cached answer is keyed by; then the values in that window.
  store::KpiValueSearch value_search(const ValueQuery& query) const;
  boost::asio::awaitable<std::vector<store::KpiValueRecord>> values(store::KpiValueSearch search);
  // Read before values() to tag a cached answer (store/data_version.hpp).
  std::uint64_t data_version() const { return db_.data_version(store::DataScope::any); }

  // Changes logged from the first day of `from` up to the end of the last day of `to`.
  boost::asio::awaitable<std::vector<store::ChangeFeedRow>> change_feed(std::int64_t circle_id,
                                                                        YearMonth from,
                                                                        YearMonth to);
  boost::asio::awaitable<std::vector<store::ChangeLogRecord>> recent_changes(std::int64_t value_id);

  // For `tandem seed kpi-demo`.
  store::CircleRepository& circle_repository() { return circles_; }

 private:
  std::optional<ValueWriteFailure> check_value_rules(const store::KpiRecord& kpi,
                                                     std::int64_t month, double value) const;
  boost::asio::awaitable<std::optional<ValueWriteFailure>> check_value_access(
      store::Transaction& tx, const store::UserRecord& caller, const store::KpiRecord& kpi);

  store::Database& db_;
  identity::IdentityService& identity_;
  KpiSettings settings_;
  store::CircleRepository circles_;
  store::KpiRepository kpis_;
  store::KpiValueRepository values_;
  store::ChangeLogRepository change_logs_;
};

}  // namespace tandem::domain::kpi
