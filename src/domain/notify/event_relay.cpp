#include "domain/notify/event_relay.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "domain/work/event_id.hpp"

namespace tandem::domain::notify {

namespace asio = boost::asio;

EventRelay::EventRelay(store::Database& db, platform::EventSink& sink,
                       asio::any_io_executor executor, EventRelaySettings settings)
    : events_(db), sink_(sink), settings_(settings), wake_up_(executor) {}

void EventRelay::nudge() { wake_up_.notify(); }

asio::awaitable<EventRelay::Delivery> EventRelay::deliver_readable() {
  Delivery done;
  for (;;) {
    auto read = co_await events_.relay_read(position_, settings_.batch);
    done.held_back = read.held_back;
    auto& batch = read.events;
    if (batch.empty()) break;
    std::vector<platform::EventFrame> frames;
    frames.reserve(batch.size());
    for (auto& event : batch) {
      frames.push_back(
          platform::EventFrame{std::make_shared<const std::string>(
                                   work::event_frame_text(event.payload, event.position.id)),
                               event.position, std::move(event.recipients)});
    }
    position_ = batch.back().position;
    sink_.deliver(frames, position_);
    done.delivered = true;
    if (static_cast<std::int64_t>(batch.size()) < settings_.batch) break;
  }
  co_return done;
}

asio::awaitable<void> EventRelay::begin() {
  auto newest = co_await events_.newest_settled();
  position_ = newest.value_or(store::kBeforeAllEvents);
  sink_.start_at(position_);
}

asio::awaitable<void> EventRelay::run() {
  auto retry = settings_.first_retry;
  bool failing = false;
  for (;;) {
    auto wait = settings_.poll;
    try {
      const auto done = co_await deliver_readable();
      if (done.delivered) retry = settings_.first_retry;
      if (done.held_back) {
        wait = retry;
        retry = std::min(retry * 2, settings_.max_retry);
      }
      if (failing) spdlog::info("event relay: reading events again");
      failing = false;
    } catch (const std::exception& e) {
      // The database is away: nothing is lost, the events wait in their table.
      if (!failing) spdlog::warn("event relay: cannot read events: {}", e.what());
      failing = true;
    }
    co_await wake_up_.wait_for(wait);
  }
}

}  // namespace tandem::domain::notify
