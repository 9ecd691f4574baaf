#include "app/user_commands.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <iostream>

#include "app/run_sync.hpp"
#include "app/services.hpp"
#include "domain/kpi/kpi_demo_seed.hpp"

namespace tandem::app {

namespace {

using domain::identity::RegisterFailure;
using domain::identity::RegisterInput;

// Registers one user; nullopt when the email or username is taken.
std::optional<store::UserRecord> add(Services& s, RegisterInput input, std::string& problem) {
  auto result = run_sync(s.identity->register_user(std::move(input)));
  if (auto* failure = std::get_if<RegisterFailure>(&result)) {
    problem = *failure == RegisterFailure::email_taken ? "email already registered"
                                                       : "username already taken";
    return std::nullopt;
  }
  return std::get<store::UserRecord>(result);
}

}  // namespace

int user_add(Config config, const UserAddOptions& o) {
  auto services = build_services(std::move(config));
  std::string problem;
  auto user = add(*services, o, problem);
  if (!user) {
    std::cerr << "tandem user add: " << problem << "\n";
    return 1;
  }
  boost::json::object out;
  out["id"] = user->id;
  out["uuid"] = user->uuid;
  std::cout << boost::json::serialize(out) << std::endl;
  return 0;
}

int migrate(Config config) {
  auto services = build_services(std::move(config));
  std::cout << "database is at the latest schema" << std::endl;
  return 0;
}

int seed(Config config, const std::string& name) {
  if (name != "teamflow-demo" && name != "kpi-demo") {
    std::cerr << "tandem seed: unknown or not yet available data set '" << name
              << "' (available: kpi-demo, teamflow-demo)\n";
    return 2;
  }
  auto services = build_services(std::move(config));
  if (name == "kpi-demo") {
    auto report = run_sync(domain::kpi::seed_kpi_demo(*services->identity, *services->kpi));
    for (const auto& line : report) std::cout << "seed kpi-demo: " << line << std::endl;
    return 0;
  }
  struct Demo {
    const char* username;
    const char* password;
    bool admin;
  };
  // TeamFlow's README accounts.
  for (const Demo& d : {Demo{"admin", "admin123", true}, Demo{"user", "user123", false}}) {
    auto existing = run_sync(services->identity->users().find_by_username(d.username));
    if (existing) {
      std::cout << "seed teamflow-demo: " << d.username << " already exists" << std::endl;
      continue;
    }
    RegisterInput in;
    in.username = d.username;
    in.name = d.username;
    in.password = d.password;
    if (d.admin) in.roles.emplace_back("admin");
    std::string problem;
    if (!add(*services, std::move(in), problem)) {
      std::cerr << "seed teamflow-demo: " << d.username << ": " << problem << "\n";
      return 1;
    }
    std::cout << "seed teamflow-demo: created " << d.username << std::endl;
  }
  return 0;
}

}  // namespace tandem::app
