#include "app/error_classifier.hpp"

#include "platform/async_mutex.hpp"
#include "store/db/database.hpp"

namespace tandem::app {

std::optional<int> classify_exception(const std::exception& e) {
  if (dynamic_cast<const platform::QueueFull*>(&e)) return 503;
  if (auto* db = dynamic_cast<const store::DatabaseError*>(&e)) {
    if (db->kind() == store::DatabaseError::Kind::overloaded ||
        db->kind() == store::DatabaseError::Kind::unavailable)
      return 503;
  }
  return std::nullopt;
}

}  // namespace tandem::app
