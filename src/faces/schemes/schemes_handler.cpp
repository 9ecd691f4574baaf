#include "faces/schemes/schemes_handler.hpp"

namespace tandem::faces::schemes {

void add_route(http::Router& router, SchemesContext& ctx, http::Method method,
               std::string_view pattern, CallHandler handler, http::RouteDoc doc) {
  auto begin = [](SchemesContext& c, const http::Request& r) { return authorize(c, r); };
  router.add(method, pattern, http::with_prologue(ctx, begin, handler), std::move(doc));
}

}  // namespace tandem::faces::schemes
