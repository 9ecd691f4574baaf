#pragma once
// What a face supplies for a WebSocket endpoint: a handshake check that either names the user
// the socket belongs to, or gives the HTTP response that refuses it (e.g. 403), and optionally
// what the socket missed before it connected.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/event_mark.hpp"
#include "platform/http/http_message.hpp"

namespace tandem::http {

// What a socket missed, sent before its live frames.
struct WebSocketCatchUp {
  std::vector<std::string> frames;
  // Live events at or before this position are not sent: the client has them (it may have
  // seen events from an instance whose relay was ahead of this one's).
  platform::EventMark live_after;
};

struct WebSocketAdmission {
  static WebSocketAdmission refuse(Response answer) {
    WebSocketAdmission refused;
    refused.refusal = std::move(answer);
    return refused;
  }
  static WebSocketAdmission admit(std::string user_id) {
    WebSocketAdmission admitted;
    admitted.user_id = std::move(user_id);
    return admitted;
  }

  std::optional<Response> refusal;  // set: answer this instead of upgrading
  std::string user_id;              // the recipient id events are addressed to
  // Set: the frames the socket gets before any live one. The hub calls it once the socket has
  // joined the live stream, with the position of the last event delivered before it joined, so
  // the frames it returns (events up to that position) and the live ones meet with no gap and
  // no overlap. Live frames wait behind it (bounded like any queue).
  std::function<boost::asio::awaitable<WebSocketCatchUp>(platform::EventMark through)> catch_up;
  // Set: whether the socket may stay open (its token neither revoked nor expired). Asked about
  // once a second from any thread, so it must be cheap and thread-safe; false closes the
  // socket with 1008 (policy violation).
  std::function<bool()> still_valid;
};

using WebSocketAuthorizer = std::function<boost::asio::awaitable<WebSocketAdmission>(Request&)>;

}  // namespace tandem::http
