#pragma once
// The one progress computation behind /projects/{id}/progress, the reports and the dashboard
// (spec/flowtrack.md §5.1).

#include <cstdint>

#include "store/work/task_repository.hpp"

namespace tandem::domain::work {

// round(part / total * 100, 2) as Python computes it: the double quotient times 100, rounded to
// two decimals on its exact binary value (ties to even); 0 when total is 0.
double rounded_percentage(std::int64_t part, std::int64_t total);

struct Progress {
  store::TaskCounts counts;
  double percentage = 0;  // of tasks done
};

Progress progress_of(const store::TaskCounts& counts);

}  // namespace tandem::domain::work
