#include "store/db/postgres_libpq.hpp"

#include <poll.h>

namespace tandem::store::pg {

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

void ignore_notice(void*, const char*) {}

bool socket_ready(int fd, WaitType w) {
  pollfd p{};
  p.fd = fd;
  p.events = w == WaitType::wait_read ? POLLIN : POLLOUT;
  return ::poll(&p, 1, 0) > 0;
}

Kind kind_of_sqlstate(std::string_view state) {
  if (state == "23505") return Kind::unique_violation;
  if (state == "23503") return Kind::foreign_key_violation;
  if (state == "23502" || state == "23514") return Kind::check_violation;
  // Class 08 is the connection itself; 57P01-57P03 are the server shutting down or starting up.
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03") {
    return Kind::unavailable;
  }
  return Kind::other;
}

}  // namespace tandem::store::pg
