#pragma once
// What a face supplies for a WebSocket endpoint: a handshake check that either names the user
// the socket belongs to, or gives the HTTP response that refuses it (e.g. 403).

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string>

#include "platform/http/http_message.hpp"

namespace tandem::http {

struct WebSocketAdmission {
  std::optional<Response> refusal;  // set: answer this instead of upgrading
  std::string user_id;              // the recipient id events are addressed to
};

using WebSocketAuthorizer = std::function<boost::asio::awaitable<WebSocketAdmission>(Request&)>;

}  // namespace tandem::http
