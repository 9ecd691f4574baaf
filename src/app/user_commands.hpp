#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"

namespace tandem::app {

struct UserAddOptions {
  std::string email;
  std::optional<std::string> password;
  std::optional<std::string> username;
  std::optional<std::string> name;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> display_name;
  std::vector<std::string> roles;
  bool inactive = false;
};

// `tandem user add`: prints {"id": <int>, "uuid": "<uuid>"}; exit code 1 when taken.
int user_add(Config config, const UserAddOptions& options);

// `tandem migrate`.
int migrate(Config config);

// `tandem seed NAME`.
int seed(Config config, const std::string& name);

}  // namespace tandem::app
