#include "platform/spawn_logged.hpp"

#include <spdlog/spdlog.h>

namespace tandem::platform {

void LogEscapedException::operator()(std::exception_ptr failure) const {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    spdlog::error("{} ended by an unexpected error: {}", activity_, e.what());
  } catch (...) {
    spdlog::error("{} ended by an unexpected error", activity_);
  }
}

}  // namespace tandem::platform
