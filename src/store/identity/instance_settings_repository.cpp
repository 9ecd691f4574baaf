#include "store/identity/instance_settings_repository.hpp"

#include "store/db/columns.hpp"
#include "store/db/sql_builder.hpp"

namespace tandem::store {

namespace {
// The same text on both dialects.
const Statement kPut{"setting_put",
                     "INSERT INTO instance_settings (name, value) VALUES ($1, $2) "
                     "ON CONFLICT (name) DO NOTHING"};
const Statement kGet{"setting_get", "SELECT value FROM instance_settings WHERE name = $1"};
}  // namespace

boost::asio::awaitable<std::string> InstanceSettingsRepository::get_or_put(
    const std::string& name, const std::string& value) {
  SqlParams params{name, value};
  auto put = co_await db_.query(kPut, std::move(params));
  (void)put;
  SqlParams get_params{name};
  auto rs = co_await db_.query(kGet, std::move(get_params));
  co_return single_text(rs);
}

}  // namespace tandem::store
