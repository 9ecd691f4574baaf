#pragma once
#include <boost/asio/awaitable.hpp>
#include <string>

#include "store/db/database.hpp"

namespace tandem::store {

// Values kept with the data, such as a generated signing secret that every instance sharing the
// database must agree on.
class InstanceSettingsRepository {
 public:
  explicit InstanceSettingsRepository(Database& db) : db_(db) {}

  // Stores `value` unless a value already exists; returns the value that is stored either way,
  // so concurrent first starts agree.
  boost::asio::awaitable<std::string> get_or_put(const std::string& name, const std::string& value);

 private:
  Database& db_;
};

}  // namespace tandem::store
