#pragma once
#include "app/config.hpp"

namespace tandem::app {

// `tandem serve`: runs until SIGTERM/SIGINT, then drains and returns the exit code.
int serve(Config config);

}  // namespace tandem::app
