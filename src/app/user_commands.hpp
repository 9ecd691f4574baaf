#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "domain/identity/identity_service.hpp"

namespace tandem::app {

// The profile, password and roles of the new user; `active` false for --inactive.
using UserAddOptions = domain::identity::RegisterInput;

// `tandem user add`: prints {"id": <int>, "uuid": "<uuid>"}; exit code 1 when taken. Throws
// ConfigError for an implausible argument before the database is opened.
int user_add(Config config, const UserAddOptions& options);

// `tandem migrate`.
int migrate(Config config);

// `tandem seed NAME`; throws ConfigError for an unknown NAME before the database is opened.
int seed(Config config, const std::string& name);

}  // namespace tandem::app
