#pragma once
#include <boost/asio/awaitable.hpp>

#include "store/db/database.hpp"

namespace tandem::store {

// True when the database answers a trivial query (readiness probes).
boost::asio::awaitable<bool> database_answers(Database& db);

}  // namespace tandem::store
