// tandem: serve | migrate | user add | seed | version (design.md, "Operator interface").

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <string>

#include "app/config.hpp"
#include "app/serve_command.hpp"
#include "app/user_commands.hpp"

namespace {

// The exit code of a bad flag, setting or argument (the shells' and getopt's convention).
constexpr int kUsageError = 2;

// libpq's messages span lines; an operator's error stays on one.
std::string one_line(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

void setup_logging() {
  auto logger = spdlog::stderr_color_mt("tandem");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %l %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
}

}  // namespace

int main(int argc, char** argv) {
  setup_logging();
  CLI::App cli{"Tandem: one server for the KPI, TeamFlow, Beyo and FlowTrack backends"};
  cli.require_subcommand(1);
  tandem::app::CliOverrides flags;

  auto* serve = cli.add_subcommand("serve", "Run the HTTP server");
  serve->add_option("--listen", flags.listen, "HOST:PORT (default 127.0.0.1:8000)");
  serve->add_option("--database", flags.database, "Database URL (default sqlite:///tandem.db)");
  serve->add_option("--faces", flags.faces, "Comma list of faces: kpi,teamflow,schemes,v1");
  serve->add_option("--threads", flags.threads, "Event loops (default: one per core)");

  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations");
  migrate->add_option("--database", flags.database, "Database URL");

  auto* user = cli.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  tandem::app::UserAddOptions add_options;
  auto* user_add = user->add_subcommand("add", "Create a user");
  user_add->add_option("--email", add_options.email, "Email address")->required();
  user_add->add_option("--password", add_options.password, "Password (none: cannot log in)");
  user_add->add_option("--username", add_options.username, "Login name");
  user_add->add_option("--name", add_options.name, "Full name");
  user_add->add_option("--first-name", add_options.first_name, "First name");
  user_add->add_option("--last-name", add_options.last_name, "Last name");
  user_add->add_option("--display-name", add_options.display_name, "Display name");
  user_add->add_option("--phone", add_options.phone, "Phone number");
  user_add->add_option("--role", add_options.roles,
                       "Role (repeatable), e.g. admin; an existing role of that name in any "
                       "case, else a new one");
  bool inactive = false;
  user_add->add_flag("--inactive", inactive, "Create the user deactivated");
  user_add->add_option("--database", flags.database, "Database URL");

  std::string seed_name;
  auto* seed = cli.add_subcommand("seed", "Load a demo data set");
  seed->add_option("name", seed_name, "kpi-demo | teamflow-demo")->required();
  seed->add_option("--database", flags.database, "Database URL");

  cli.add_subcommand("version", "Print the version");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints the message (or the help, exit 0); a usage error exits with 2 like a bad
    // value that load_config rejects, rather than CLI11's 100-range codes.
    return cli.exit(e) == 0 ? 0 : kUsageError;
  }

  try {
    if (cli.got_subcommand("version")) {
      std::cout << "tandem " << TANDEM_VERSION << std::endl;
      return 0;
    }
    auto env = tandem::app::EnvSource::from_process();
    auto config = tandem::app::load_config(env, flags);
    if (serve->parsed()) return tandem::app::serve(std::move(config));
    if (migrate->parsed()) return tandem::app::migrate(std::move(config));
    if (user_add->parsed()) {
      add_options.active = !inactive;
      return tandem::app::user_add(std::move(config), add_options);
    }
    if (seed->parsed()) return tandem::app::seed(std::move(config), seed_name);
  } catch (const tandem::app::ConfigError& e) {
    std::cerr << "tandem: " << e.what() << std::endl;
    return kUsageError;
  } catch (const std::exception& e) {
    spdlog::critical("fatal: {}", one_line(e.what()));
    return 1;
  }
  return 0;
}
