#pragma once
// Dates the way pydantic 2 (speedate) reads them for a `date` field: "YYYY-MM-DD", or a datetime
// whose time is exactly midnight ("2023-12-31T00:00:00", any fraction of zeros, any offset).

#include <string>
#include <string_view>
#include <variant>

namespace tandem::faces::v1 {

struct DateInputError {
  std::string type;    // date_from_datetime_parsing | date_from_datetime_inexact
  std::string reason;  // speedate's words, e.g. "invalid character in year"; empty for inexact
};

// The canonical "YYYY-MM-DD", or why the text is not a date.
std::variant<std::string, DateInputError> parse_date_input(std::string_view text);

}  // namespace tandem::faces::v1
