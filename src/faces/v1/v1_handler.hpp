#pragma once
// The prologue every v1 handler shares, in FastAPI's order: the JSON body is decoded first (a
// malformed document is a 422 even without a token), then the bearer dependency runs, then path
// ids and the body object are validated into one ValidationErrors that the handler completes
// with its own fields before it sends them as one 422.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "faces/v1/v1_auth.hpp"
#include "faces/v1/v1_request.hpp"

namespace tandem::faces::v1 {

// What a route reads before its own work.
struct Prologue {
  Access access = Access::authenticated;
  std::array<std::string_view, 2> path_uuids{};  // UUID path parameters; "" = unused
  bool body = false;                             // decode and require a JSON object body
};

// The two prologues without path ids or body, named so that call sites need no braced
// initializer inside co_await (g++ 12).
inline constexpr Prologue kAuthenticated{};
inline constexpr Prologue kAdmin{.access = Access::admin};

class Call {
 public:
  // Set when the handler must send this at once: json_invalid, an auth failure, or the path's
  // 422 when there is no body (a body's field errors must join that 422 instead).
  std::optional<http::Response> response;
  std::optional<Principal> principal;
  std::array<std::string, 2> ids;  // canonical path UUIDs, in Prologue::path_uuids order
  ValidationErrors errors;         // with a body: path and body errors so far

  const std::string& id() const { return ids[0]; }  // the only path id of most routes

  // The body object, or null when it is missing or not an object (already in `errors`). Not
  // stored as a pointer: Call is moved out of the coroutine, which would leave it dangling.
  const boost::json::object* body() const { return body_ok_ ? &json_.value.get_object() : nullptr; }

 private:
  friend boost::asio::awaitable<Call> begin_call(V1Context&, const http::Request&, Prologue);
  JsonBody json_;
  bool body_ok_ = false;
};

boost::asio::awaitable<Call> begin_call(V1Context& ctx, const http::Request& req,
                                        Prologue prologue);

}  // namespace tandem::faces::v1
