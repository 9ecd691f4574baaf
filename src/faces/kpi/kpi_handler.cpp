#include "faces/kpi/kpi_handler.hpp"

#include "faces/kpi/kpi_request.hpp"

namespace tandem::faces::kpi {

boost::asio::awaitable<Call> begin_call(KpiContext& ctx, const http::Request& req, Body body) {
  Call call;
  auto auth = co_await authorize(ctx, req);
  if (auto* denied = std::get_if<http::Response>(&auth)) {
    call.response = std::move(*denied);
    co_return call;
  }
  call.principal = std::move(std::get<Principal>(auth));
  if (body == Body::object) {
    auto parsed = read_body_object(req);
    if (auto* bad = std::get_if<http::Response>(&parsed)) {
      call.response = std::move(*bad);
      co_return call;
    }
    call.body = std::move(std::get<boost::json::object>(parsed));
  }
  co_return call;
}

}  // namespace tandem::faces::kpi
