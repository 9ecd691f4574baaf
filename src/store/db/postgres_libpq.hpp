#pragma once
// Small pieces of libpq plumbing shared by the PostgreSQL driver's files: owning handles, the
// socket readiness probe, and the translation of SQLSTATE codes into DatabaseError kinds.

#include <libpq-fe.h>

#include <boost/asio/posix/descriptor_base.hpp>
#include <boost/system/error_code.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "store/db/database.hpp"

namespace tandem::store::pg {

using Kind = DatabaseError::Kind;
using WaitType = asio::posix::descriptor_base::wait_type;
using ErrorCode = boost::system::error_code;

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

struct PgConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;

// libpq's message without its trailing newline.
std::string trimmed(const char* message);

// The default processor prints to stderr; server notices ("relation already exists, skipping")
// are expected noise for a driver.
void ignore_notice(void*, const char*);

// libpq reads at most one buffer per PQconsumeInput, and Asio's epoll reactor is edge-triggered:
// a wait started while unread bytes already sit in the kernel would never wake. Checking the
// level first makes every wait safe.
bool socket_ready(int fd, WaitType w);

Kind kind_of_sqlstate(std::string_view state);

}  // namespace tandem::store::pg
