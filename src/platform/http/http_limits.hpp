#pragma once
// What one client may send and how long it may take, applied by the HTTP server and its request
// reader. Every byte counts against a limit: the header block, the body, chunk extensions and
// trailers alike (design.md "Runtime").

#include <chrono>
#include <cstddef>

namespace tandem::http {

struct HttpLimits {
  std::size_t max_header_bytes = 16 * 1024;          // header block or trailer section; beyond: 431
  std::size_t max_body_bytes = 1024 * 1024;          // body with chunk extensions; beyond: 413
  std::chrono::milliseconds header_timeout{10'000};  // whole header block, once it has started
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};  // between requests on a kept-alive connection
  std::chrono::milliseconds write_timeout{30'000};
  std::size_t max_connections = 10'000;  // per process; beyond, new connections are closed
};

}  // namespace tandem::http
