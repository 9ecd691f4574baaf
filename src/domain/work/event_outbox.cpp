#include "domain/work/event_outbox.hpp"

#include <boost/json/serialize.hpp>

#include "domain/work/event_id.hpp"

namespace tandem::domain::work {

boost::asio::awaitable<platform::Event> record_event(store::EventRepository& events,
                                                     store::Transaction& tx, platform::Event event,
                                                     const Audience& audience, std::int64_t now) {
  event.recipients = recipients_of(audience);
  store::NewEvent row;
  row.created_at = now;
  row.channel = event.channel;
  row.type = event.payload.at("event").as_string();
  row.payload = boost::json::serialize(event.payload);
  row.recipients = event.recipients;
  auto id = co_await events.insert(tx, row);
  // Appended after the stored text was taken: a stored payload read back and given its id is
  // this frame, key for key.
  event.payload["id"] = event_id_text(id);
  co_return event;
}

}  // namespace tandem::domain::work
