#pragma once
// A route whose checks run before its handler: the face's prologue (authentication, body
// parsing, in the face's own order) either yields what the handler needs (a Call) or the
// response that ends the request, so a handler only ever sees a request that passed them.
//
// g++ 12: the coroutine below is a function template, never a lambda, and the lambda stored in
// the router only returns it (a capturing lambda must not be the coroutine itself).

#include <boost/asio/awaitable.hpp>
#include <utility>
#include <variant>

#include "platform/http/http_message.hpp"
#include "platform/http/router.hpp"

namespace tandem::http {

// What a prologue answers: the handler's input, or the response to send instead.
template <typename Call>
using PrologueResult = std::variant<Call, Response>;

// A handler that runs after its prologue passed.
template <typename Context, typename Call>
using CallHandler = boost::asio::awaitable<Response> (*)(Context&, Request&, Call&);

namespace prologue_detail {

template <typename Context, typename Call, typename Prologue>
boost::asio::awaitable<Response> run(Context& ctx, Request& req, Prologue prologue,
                                     CallHandler<Context, Call> handler) {
  PrologueResult<Call> started = co_await prologue(ctx, req);
  if (auto* early = std::get_if<Response>(&started)) co_return std::move(*early);
  Call& call = std::get<Call>(started);
  Response response = co_await handler(ctx, req, call);
  co_return response;
}

}  // namespace prologue_detail

// The router handler that runs `prologue(ctx, req)` (a copyable callable returning
// awaitable<PrologueResult<Call>>, not itself a capturing coroutine lambda) and then
// `handler(ctx, req, call)`.
template <typename Context, typename Call, typename Prologue>
Handler with_prologue(Context& ctx, Prologue prologue, CallHandler<Context, Call> handler) {
  return [&ctx, prologue, handler](Request& req) {
    return prologue_detail::run<Context, Call, Prologue>(ctx, req, prologue, handler);
  };
}

}  // namespace tandem::http
