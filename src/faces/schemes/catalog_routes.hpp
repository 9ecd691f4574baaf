#pragma once
#include "faces/schemes/schemes_context.hpp"
#include "platform/http/router.hpp"

namespace tandem::faces::schemes {

// POST /api/schemes/get_items (also GET with a JSON body), create_items, update_items,
// delete_items (spec/beyo.md §2.2-§2.9).
void add_catalog_routes(http::Router& router, SchemesContext& ctx);

}  // namespace tandem::faces::schemes
