#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace tandem::faces::v1 {

// The checks of pydantic's EmailStr (email-validator, without DNS): returns the normalised
// address (domain lower-cased; the local part keeps its case) or sets `reason` to
// email-validator's message.
std::optional<std::string> validate_email(std::string_view input, std::string& reason);

}  // namespace tandem::faces::v1
