#include "domain/work/notification_feed.hpp"

namespace tandem::domain::work {

boost::asio::awaitable<std::variant<NotificationPage, NotificationFailure>> NotificationFeed::read(
    const Actor& actor, std::optional<std::int64_t> after, std::int64_t limit) {
  NotificationPage page;
  if (limit <= 0) {
    auto newest = co_await events_.newest_for_user(actor.uuid);
    page.last_event_id = newest;
    co_return page;
  }
  store::EventPosition from = store::kBeforeAllEvents;
  if (after && *after != 0) {
    // The position is the event's place in the shared order, which only its row knows.
    auto position = co_await events_.position_of(*after);
    if (!position) co_return NotificationFailure::unknown_position;
    from = *position;
  }
  auto events = co_await events_.for_user_after(actor.uuid, from, limit);
  page.events = std::move(events);
  if (!page.events.empty())
    page.last_event_id = page.events.back().id;
  else
    page.last_event_id = after;
  co_return page;
}

boost::asio::awaitable<CatchUp> NotificationFeed::catch_up(const std::string& user_uuid,
                                                           std::int64_t after,
                                                           store::EventPosition through) {
  CatchUp missed;
  std::optional<store::EventPosition> from = store::kBeforeAllEvents;
  if (after < 0) {
    from.reset();
  } else if (after != 0) {
    from = co_await events_.position_of(after);
    missed.resume_after = from;
  }
  if (from) {
    // One more than the cap tells "too far behind" from "exactly the cap".
    auto events = co_await events_.for_user_after(user_uuid, *from, kMaxCatchUpEvents + 1, through);
    if (static_cast<std::int64_t>(events.size()) <= kMaxCatchUpEvents) {
      missed.events = std::move(events);
      co_return missed;
    }
  }
  missed.reset = true;
  missed.current = co_await events_.newest_for_user(user_uuid, through);
  co_return missed;
}

}  // namespace tandem::domain::work
