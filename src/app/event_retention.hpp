#pragma once
// Removes stored events past TANDEM_EVENT_RETENTION_DAYS while the server runs. Deletes go in
// small batches, each its own short transaction with a pause between them, so a backlog (a
// first start after a long stop) never holds locks or the SQLite writer for long. Every
// instance runs it; two sweeping at once only find each other's rows already gone.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>

#include "store/db/database.hpp"

namespace tandem::app {

struct EventRetention {
  std::int64_t days = 7;
  std::int64_t batch = 500;                       // events per transaction
  std::chrono::milliseconds between_batches{20};  // lets requests' writes in
  std::chrono::milliseconds between_sweeps{60'000};
};

// Events created before this instant (micros) have expired.
std::int64_t event_retention_cutoff(std::int64_t now_micros, std::int64_t days);

// Sweeps at once and then every `between_sweeps`, until the loop stops.
boost::asio::awaitable<void> run_event_retention(store::Database& db, EventRetention retention);

}  // namespace tandem::app
