#include "domain/kpi/kpi_demo_seed.hpp"

#include <stdexcept>

#include "domain/kpi/kpi_enums.hpp"

namespace tandem::domain::kpi {

namespace {

struct DemoUser {
  const char* email;
  const char* first_name;
  const char* last_name;
  const char* display_name;
  const char* login_name;
  bool gatekeeper;
};

// seed.sql's two users: the "economist" and the gatekeeper. No passwords: the original had none,
// and the client's test buttons send only the email.
constexpr DemoUser kEconomist{"test@test.com", "test", "user", "test_user_1", "tester", false};
constexpr DemoUser kGatekeeper{"martin@test.com", "martin", "po", "Martin", "Martin-PO", true};
constexpr const char* kCircleName = "test_circle";
constexpr const char* kKpiName = "HR KPI";

boost::asio::awaitable<store::UserRecord> ensure_user(identity::IdentityService& identity,
                                                      const DemoUser& d,
                                                      std::vector<std::string>& report) {
  std::string email = d.email;  // named: no temporaries inside a co_await expression (g++ 12)
  auto existing = co_await identity.users().find_by_email(email);
  if (existing) {
    report.push_back(std::string("user ") + d.email + " already exists");
    co_return std::move(*existing);
  }
  identity::RegisterInput in;
  in.email = d.email;
  in.first_name = d.first_name;
  in.last_name = d.last_name;
  in.display_name = d.display_name;
  in.username = d.login_name;
  in.name = std::string(d.first_name) + " " + d.last_name;
  if (d.gatekeeper) in.roles.emplace_back(kGatekeeperRole);
  auto result = co_await identity.register_user(std::move(in));
  if (!std::holds_alternative<store::UserRecord>(result))
    throw std::runtime_error(std::string("cannot create ") + d.email +
                             ": its email or login name is taken");
  report.push_back(std::string("created user ") + d.email);
  co_return std::move(std::get<store::UserRecord>(result));
}

}  // namespace

boost::asio::awaitable<std::vector<std::string>> seed_kpi_demo(identity::IdentityService& identity,
                                                               KpiService& kpi) {
  std::vector<std::string> report;
  auto economist = co_await ensure_user(identity, kEconomist, report);
  auto gatekeeper = co_await ensure_user(identity, kGatekeeper, report);

  auto& circles = kpi.circle_repository();
  std::string circle_name = kCircleName;
  auto circle = co_await circles.find_by_name(circle_name);
  if (!circle) {
    auto id = co_await circles.insert(circle_name);
    circle = store::CircleRecord{id, circle_name};
    report.push_back(std::string("created circle ") + kCircleName);
  }

  store::NewKpi hr;
  hr.circle_id = circle->id;
  hr.name = kKpiName;
  hr.periodicity = stored_name(Periodicity::monthly);
  hr.unit = stored_name(Unit::percentage);
  hr.initial_value = 0;
  hr.target_value = 100;
  auto failure = co_await kpi.add_kpi(gatekeeper, std::move(hr));
  if (failure && *failure != KpiWriteFailure::name_taken)
    throw std::runtime_error("cannot create the demo KPI");
  report.push_back(failure ? std::string("KPI ") + kKpiName + " already exists"
                           : std::string("created KPI ") + kKpiName);

  co_await circles.add_member(economist.id, circle->id);
  report.push_back(std::string("membership ") + kEconomist.email + " in " + kCircleName);
  co_return report;
}

}  // namespace tandem::domain::kpi
