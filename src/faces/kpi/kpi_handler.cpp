#include "faces/kpi/kpi_handler.hpp"

#include "faces/kpi/kpi_request.hpp"

namespace tandem::faces::kpi {

boost::asio::awaitable<http::PrologueResult<Call>> begin_call(KpiContext& ctx,
                                                              const http::Request& req, Body body) {
  auto auth = co_await authorize(ctx, req);
  if (auto* denied = std::get_if<http::Response>(&auth)) co_return std::move(*denied);
  Call call{std::move(std::get<Principal>(auth)), {}};
  if (body == Body::object) {
    auto parsed = read_body_object(req);
    if (auto* bad = std::get_if<http::Response>(&parsed)) co_return std::move(*bad);
    call.body = std::move(std::get<boost::json::object>(parsed));
  }
  co_return std::move(call);
}

void add_route(http::Router& router, KpiContext& ctx, http::Method method, std::string_view pattern,
               Body body, CallHandler handler, http::RouteDoc doc) {
  // Not a coroutine: it only starts begin_call, whose frame keeps its own copy of `body`.
  auto begin = [body](KpiContext& c, const http::Request& r) { return begin_call(c, r, body); };
  router.add(method, pattern, http::with_prologue(ctx, begin, handler), std::move(doc));
}

}  // namespace tandem::faces::kpi
