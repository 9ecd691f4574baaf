// TANDEM_SCHEMES_TOKEN_DAYS (beyo issue decision 4): the schemes face's token lifetime, a week
// by default, range-checked like every setting (a bad value is a ConfigError: exit 2).
#include <gtest/gtest.h>

#include "app/config.hpp"

namespace tandem::app {
namespace {

Config with(std::map<std::string, std::string> values) {
  return load_config(EnvSource(std::move(values)), CliOverrides{});
}

TEST(SchemesSettingsTest, TokenDaysDefaultAndRange) {
  EXPECT_EQ(with({}).schemes_token_days, 7);
  EXPECT_EQ(with({{"TANDEM_SCHEMES_TOKEN_DAYS", "30"}}).schemes_token_days, 30);
  for (const char* bad : {"0", "-1", "seven", "1.5", "100000"})
    EXPECT_THROW(with({{"TANDEM_SCHEMES_TOKEN_DAYS", bad}}), ConfigError) << bad;
}

}  // namespace
}  // namespace tandem::app
