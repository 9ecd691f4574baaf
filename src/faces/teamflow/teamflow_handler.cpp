#include "faces/teamflow/teamflow_handler.hpp"

namespace tandem::faces::teamflow {

void add_route(http::Router& router, TeamflowContext& ctx, http::Method method,
               std::string_view pattern, CallHandler handler, http::RouteDoc doc) {
  auto begin = [](TeamflowContext& c, const http::Request& r) { return authorize(c, r); };
  router.add(method, pattern, http::with_prologue(ctx, begin, handler), std::move(doc));
}

}  // namespace tandem::faces::teamflow
