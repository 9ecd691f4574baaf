#pragma once
// Every bound on what one schemes request may ask for (spec/beyo.md §5.2). Input over a size or
// depth limit is an [Exception Error] ("exceeds maximum size" / "exceeds maximum depth");
// per_page is clamped instead.

#include <cstddef>
#include <cstdint>

namespace tandem::domain::catalog {

struct CatalogLimits {
  std::int64_t max_per_page = 1000;         // also the default page size
  std::size_t max_filter_hops = 3;          // relationships in one filter path
  std::size_t max_projection_levels = 3;    // nested relationships in requested_data
  std::size_t max_action_levels = 4;        // nested relationship actions
  std::size_t max_filter_keys = 32;         // keys in one query_filters object
  std::size_t max_in_elements = 1000;       // in / notin list length
  std::size_t max_condition_nesting = 3;    // or / and operations inside each other
  std::size_t max_like_pattern = 200;       // characters in a like / ilike pattern
  std::size_t max_objects_per_write = 500;  // created objects in one request, nested included
  std::int64_t max_related_rows = 1000;     // rows projected per relationship per parent row
};

}  // namespace tandem::domain::catalog
