#pragma once
// The prologue every authenticated v1 route shares, run at registration (add_route) in FastAPI's
// order: the JSON body is decoded first (a malformed document is a 422 even without a token),
// then the bearer dependency runs, then path ids and the body object are validated into one
// ValidationErrors that the handler completes with its own fields before it sends them as one
// 422.
//
// Unlike the other faces, v1 runs its prologue and its handler from one coroutine (run_call)
// rather than through http::with_prologue: the Call is built where the handler reads it, and the
// hottest routes (GET /users/me) save a coroutine frame and the moves of the Call per request.

#include <array>
#include <string>
#include <string_view>

#include "faces/v1/v1_auth.hpp"
#include "faces/v1/v1_request.hpp"
#include "platform/http/prologue_handler.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::v1 {

// What a route reads before its own work.
struct Prologue {
  Access access = Access::authenticated;
  std::array<std::string_view, 2> path_uuids{};  // UUID path parameters; "" = unused
  bool body = false;                             // decode and require a JSON object body
};

// The two prologues without path ids or body.
inline constexpr Prologue kAuthenticated{};
inline constexpr Prologue kAdmin{.access = Access::admin};

// What a handler gets once the prologue passed: an authorized caller, and for a route with a
// body the errors so far (a path id's or the body's own), which the handler must send.
class Call {
 public:
  explicit Call(Principal caller) : principal(std::move(caller)) {}

  Principal principal;
  std::array<std::string, 2> ids;  // canonical path UUIDs, in Prologue::path_uuids order
  ValidationErrors errors;         // with a body: path and body errors so far

  const std::string& id() const { return ids[0]; }  // the only path id of most routes

  // The body object, or null when it is missing or not an object (already in `errors`). Not
  // stored as a pointer, so that a Call stays safe to move.
  const boost::json::object* body() const { return body_ok_ ? &json_.value.get_object() : nullptr; }

 private:
  friend boost::asio::awaitable<http::Response> run_call(V1Context&, http::Request&, Prologue,
                                                         http::CallHandler<V1Context, Call>);
  JsonBody json_;
  bool body_ok_ = false;
};

using CallHandler = http::CallHandler<V1Context, Call>;

// Runs `prologue`, then `handler` with the Call it built; or sends what ends the request first:
// json_invalid, an auth failure, or the path's 422 when there is no body (a body's field errors
// must join that 422 instead).
boost::asio::awaitable<http::Response> run_call(V1Context& ctx, http::Request& req,
                                                Prologue prologue, CallHandler handler);

// Registers a route that runs `prologue` and then `handler`, under both trailing-slash forms
// (FastAPI's redirect_slashes served both).
void add_route(http::Router& router, V1Context& ctx, http::Method method, std::string_view pattern,
               Prologue prologue, CallHandler handler, http::RouteDoc doc);

}  // namespace tandem::faces::v1
