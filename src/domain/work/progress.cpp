#include "domain/work/progress.hpp"

#include <cstdio>
#include <cstdlib>

namespace tandem::domain::work {

double rounded_percentage(std::int64_t part, std::int64_t total) {
  if (total == 0) return 0.0;
  double value = static_cast<double>(part) / static_cast<double>(total) * 100.0;
  // glibc's printf rounds the exact binary value correctly, which is what Python's round() does;
  // parsing the text back gives the nearest double, as Python's result is.
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", value);
  return std::strtod(text, nullptr);
}

Progress progress_of(const store::TaskCounts& counts) {
  return Progress{counts, rounded_percentage(counts.done, counts.total)};
}

}  // namespace tandem::domain::work
