#include "faces/v1/v1_handler.hpp"

namespace tandem::faces::v1 {

boost::asio::awaitable<Call> begin_call(V1Context& ctx, const http::Request& req,
                                        Prologue prologue) {
  Call call;
  if (prologue.body) {
    auto parsed = read_json_body(req);
    if (auto* early = std::get_if<http::Response>(&parsed)) {
      call.response = std::move(*early);
      co_return call;
    }
    call.json_ = std::move(std::get<JsonBody>(parsed));
  }
  auto auth = co_await authorize(ctx, req, prologue.access);
  if (auto* denied = std::get_if<http::Response>(&auth)) {
    call.response = std::move(*denied);
    co_return call;
  }
  call.principal = std::move(std::get<Principal>(auth));
  for (std::size_t i = 0; i < prologue.path_uuids.size(); ++i) {
    if (prologue.path_uuids[i].empty()) continue;
    call.ids[i] = path_uuid(req, prologue.path_uuids[i], call.errors).value_or("");
  }
  if (prologue.body) {
    call.body_ok_ = body_object(call.json_, call.errors) != nullptr;
  } else if (!call.errors.empty()) {
    call.response = call.errors.response();
  }
  co_return call;
}

}  // namespace tandem::faces::v1
