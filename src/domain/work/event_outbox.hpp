#pragma once
// The transactional outbox (design.md "Events"): a work event is written in the transaction of
// the change it describes, with its recipients fixed there, so a rolled-back change leaves no
// event and a committed one always has its event. Delivery reads what was written.

#include <boost/asio/awaitable.hpp>
#include <cstdint>

#include "domain/work/work_events.hpp"
#include "store/events/event_repository.hpp"

namespace tandem::domain::work {

// Stores `event` for `audience` inside `tx` and returns it ready to publish once `tx` commits:
// its payload now carries the stored "id" (event_id.hpp) and its recipients are set. `now` is
// the change's time, which retention counts from.
boost::asio::awaitable<platform::Event> record_event(store::EventRepository& events,
                                                     store::Transaction& tx, platform::Event event,
                                                     const Audience& audience, std::int64_t now);

}  // namespace tandem::domain::work
