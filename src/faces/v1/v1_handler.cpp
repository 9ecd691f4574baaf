#include "faces/v1/v1_handler.hpp"

namespace tandem::faces::v1 {

boost::asio::awaitable<http::Response> run_call(V1Context& ctx, http::Request& req,
                                                Prologue prologue, CallHandler handler) {
  JsonBody json;
  if (prologue.body) {
    auto parsed = read_json_body(req);
    if (auto* early = std::get_if<http::Response>(&parsed)) co_return std::move(*early);
    json = std::move(std::get<JsonBody>(parsed));
  }
  auto auth = co_await authorize(ctx, req, prologue.access);
  if (auto* denied = std::get_if<http::Response>(&auth)) co_return std::move(*denied);
  Call call(std::move(std::get<Principal>(auth)));
  for (std::size_t i = 0; i < prologue.path_uuids.size(); ++i) {
    if (prologue.path_uuids[i].empty()) continue;
    call.ids[i] = path_uuid(req, prologue.path_uuids[i], call.errors).value_or("");
  }
  if (prologue.body) {
    call.json_ = std::move(json);
    call.body_ok_ = body_object(call.json_, call.errors) != nullptr;
  } else if (!call.errors.empty()) {
    co_return call.errors.response();
  }
  http::Response response = co_await handler(ctx, req, call);
  co_return response;
}

void add_route(http::Router& router, V1Context& ctx, http::Method method, std::string_view pattern,
               Prologue prologue, CallHandler handler, http::RouteDoc doc) {
  // Not a coroutine (g++ 12: a capturing lambda must not be one): it only starts run_call, whose
  // frame keeps its own copies of `prologue` and `handler`.
  auto route = [&ctx, prologue, handler](http::Request& req) {
    return run_call(ctx, req, prologue, handler);
  };
  router.add(method, pattern, std::move(route), std::move(doc), http::SlashPolicy::both);
}

}  // namespace tandem::faces::v1
