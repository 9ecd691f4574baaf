#include "app/user_commands.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <iostream>
#include <string_view>

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

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

// Plausible rather than RFC-complete: LOCAL@DOMAIN within the RFC's lengths, no spaces or
// control characters, the domain dot-separated labels of letters, digits, hyphens (or non-ASCII,
// for internationalised names). Each face still applies its own rules when the user logs in.
bool plausible_email(std::string_view email) {
  auto at = email.rfind('@');
  if (email.size() > 254 || at == std::string_view::npos || at == 0 || at > 64) return false;
  if (has_control_character(email) || email.find(' ') != std::string_view::npos) return false;
  std::string_view domain = email.substr(at + 1);
  std::size_t start = 0;
  for (;;) {
    auto dot = domain.find('.', start);
    auto label = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (unsigned char c : label)
      if (!std::isalnum(c) && c != '-' && c < 0x80) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// A name, username, phone or role: some text on one line, without padding that would make two
// spellings of one value.
void check_text(const char* flag, const std::optional<std::string>& value) {
  if (!value) return;
  bool padded = !value->empty() && (std::isspace(static_cast<unsigned char>(value->front())) ||
                                    std::isspace(static_cast<unsigned char>(value->back())));
  if (value->empty() || padded || has_control_character(*value))
    reject_input(flag, "non-empty text without control characters or surrounding spaces", *value);
}

// Every argument of `user add`, before the database is opened.
void check_user_add(const UserAddOptions& o) {
  if (!o.email || !plausible_email(*o.email))
    reject_input("--email", "an email address like name@example.com", o.email.value_or(""));
  if (o.password && o.password->empty())
    reject_input("--password",
                 "a non-empty password (leave the flag out for a user who cannot "
                 "log in with one)",
                 *o.password);
  check_text("--username", o.username);
  check_text("--name", o.name);
  check_text("--first-name", o.first_name);
  check_text("--last-name", o.last_name);
  check_text("--display-name", o.display_name);
  check_text("--phone", o.phone);
  for (const auto& role : o.roles) check_text("--role", role);
}

}  // namespace

int user_add(Config config, const UserAddOptions& o) {
  check_user_add(o);
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
  if (name != "teamflow-demo" && name != "kpi-demo")
    reject_input("seed NAME", "kpi-demo or teamflow-demo", name);
  auto services = build_services(std::move(config));
  if (name == "kpi-demo") {
    auto report = run_sync(domain::kpi::seed_kpi_demo(*services->identity, *services->kpi));
    for (const auto& line : report) std::cout << "seed kpi-demo: " << line << std::endl;
    return 0;
  }
  struct Demo {
    const char* username;
    const char* password;
  };
  // TeamFlow's README accounts. TeamFlow has no roles: "admin" is only a name there, and the
  // admin role would hand a published password v1's user administration (design.md: no face is
  // a back door into another).
  for (const Demo& d : {Demo{"admin", "admin123"}, Demo{"user", "user123"}}) {
    auto existing = run_sync(services->identity->users().find_by_username(d.username));
    if (existing) {
      std::cout << "seed teamflow-demo: " << d.username << " already exists" << std::endl;
      continue;
    }
    RegisterInput in;
    in.username = d.username;
    in.name = d.username;
    in.password = d.password;
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
