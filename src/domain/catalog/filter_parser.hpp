#pragma once
// query_filters JSON -> a checked FilterTree (spec/beyo.md §2.3): keys resolved against the
// registry (paths of at most max_filter_hops relationships, non-filterable and unreadable names
// are unknown), operations checked against the column's type, values converted to it, limits
// applied. Throws CatalogError.

#include <boost/json/object.hpp>

#include "domain/catalog/catalog_limits.hpp"
#include "domain/catalog/catalog_request.hpp"
#include "store/query/filter_tree.hpp"
#include "store/query/model_schema.hpp"

namespace tandem::domain::catalog {

store::query::FilterTree parse_filters(const store::query::ModelRegistry& registry,
                                       const store::query::ModelSchema& root,
                                       const boost::json::object& filters, const Caller& caller,
                                       const CatalogLimits& limits);

}  // namespace tandem::domain::catalog
