// Fuzzes the text checks at the edge: v1's date input (faces/v1/date_input.hpp), the UUID parser
// (platform/uuid.hpp), the e-mail check (faces/v1/email_address.hpp), the percent decoder of
// paths and query strings (platform/http/url_codec.hpp), the UTF-8 repair under all of them
// (platform/utf8.hpp), and the faces' query-parameter readers (*_request.hpp).
//
// Input: [which][text], which % 8: date, UUID, e-mail, path, query value, UTF-8, then query
// strings (6 and 7); the seeds spell it as the digits 0 to 6.
// Invariants: nothing throws; every error text and every decoded string is valid UTF-8 (they end up
// in JSON bodies); accepted values are canonical, and canonical values are accepted unchanged.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "faces/kpi/kpi_request.hpp"
#include "faces/teamflow/teamflow_request.hpp"
#include "faces/v1/date_input.hpp"
#include "faces/v1/email_address.hpp"
#include "faces/v1/v1_errors.hpp"
#include "faces/v1/v1_request.hpp"
#include "fuzz_check.hpp"
#include "platform/http/url_codec.hpp"
#include "platform/utf8.hpp"
#include "platform/uuid.hpp"

namespace {

using tandem::platform::is_valid_utf8;

void fuzz_date(std::string_view text) {
  auto parsed = tandem::faces::v1::parse_date_input(text);
  if (const auto* error = std::get_if<tandem::faces::v1::DateInputError>(&parsed)) {
    FUZZ_CHECK(error->type == "date_from_datetime_parsing" ||
               error->type == "date_from_datetime_inexact");
    FUZZ_CHECK(is_valid_utf8(error->reason));
    return;
  }
  const auto& date = std::get<std::string>(parsed);
  FUZZ_CHECK(date.size() == 10 && text.substr(0, 10) == date);
  FUZZ_CHECK(std::get<std::string>(tandem::faces::v1::parse_date_input(date)) == date);
}

void fuzz_uuid(std::string_view text) {
  tandem::platform::UuidParseError error;
  auto parsed = tandem::platform::parse_uuid(text, &error);
  if (!parsed) {
    FUZZ_CHECK(!error.reason.empty() && is_valid_utf8(error.reason));
    // Positions are 1-based offsets into the text (issue 8: "at -761" came from a copy).
    if (auto at = error.reason.rfind("` at "); at != std::string::npos) {
      std::size_t position = std::stoul(error.reason.substr(at + 5));
      FUZZ_CHECK(position >= 1 && position <= text.size());
    }
    return;
  }
  FUZZ_CHECK(parsed->size() == 36);
  FUZZ_CHECK(tandem::platform::parse_uuid(*parsed) == parsed);
}

void fuzz_email(std::string_view text) {
  std::string reason;
  auto normalised = tandem::faces::v1::validate_email(text, reason);
  if (!normalised) {
    FUZZ_CHECK(!reason.empty() && is_valid_utf8(reason));
    return;
  }
  // Bodies reach it as JSON strings, so valid UTF-8; what it returns then stays valid.
  if (is_valid_utf8(text)) FUZZ_CHECK(is_valid_utf8(*normalised));
  std::string again_reason;
  FUZZ_CHECK(tandem::faces::v1::validate_email(*normalised, again_reason) == normalised);
}

void fuzz_percent_decode(std::string_view text, bool plus_is_space) {
  std::string decoded = tandem::http::percent_decode(text, plus_is_space);
  FUZZ_CHECK(is_valid_utf8(decoded));
  // Decoding never lengthens the text beyond what U+FFFD replacements add (3 bytes per byte).
  FUZZ_CHECK(decoded.size() <= 3 * text.size());
  if (text.find('%') == std::string_view::npos && (!plus_is_space || text.find('+') == text.npos) &&
      is_valid_utf8(text))
    FUZZ_CHECK(decoded == text);
}

// The faces' query-parameter readers on `text` as a raw query string.
void fuzz_query_readers(std::string_view text) {
  tandem::http::Request req;
  req.query_string = std::string(text);
  tandem::faces::v1::ValidationErrors errors;
  tandem::faces::v1::query_non_negative_int(req, "skip", 0, errors);
  if (auto id = tandem::faces::v1::query_uuid(req, "project_id", errors))
    FUZZ_CHECK(tandem::platform::parse_uuid(*id) == id);
  FUZZ_CHECK(is_valid_utf8(tandem::faces::v1::query_filter(req, "status")));
  if (!errors.empty()) {
    auto response = errors.response();
    FUZZ_CHECK(response.status == 422 && tandem::fuzz::is_utf8_json(response.body));
  }
  std::optional<std::string> problem;
  auto circle = tandem::faces::kpi::query_integer(req, "circle_id", 0, 1000, problem);
  if (circle) FUZZ_CHECK(*circle >= 0 && *circle <= 1000 && !problem);
  bool valid = true;
  auto limit = tandem::faces::teamflow::query_count(req, "limit", valid);
  if (limit) FUZZ_CHECK(*limit >= 0 && valid);
}

void fuzz_utf8(std::string_view text) {
  std::string repaired = tandem::platform::to_valid_utf8(text);
  FUZZ_CHECK(is_valid_utf8(repaired));
  if (is_valid_utf8(text)) FUZZ_CHECK(repaired == text);
  std::size_t length = tandem::platform::utf8_sequence_length(text);
  FUZZ_CHECK(length <= 4 && length <= text.size());
  if (length > 0) FUZZ_CHECK(is_valid_utf8(text.substr(0, length)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    switch (data[0] % 8) {
      case 0:
        fuzz_date(text);
        break;
      case 1:
        fuzz_uuid(text);
        break;
      case 2:
        fuzz_email(text);
        break;
      case 3:
        fuzz_percent_decode(text, false);
        break;
      case 4:
        fuzz_percent_decode(text, true);
        break;
      case 5:
        fuzz_utf8(text);
        break;
      default:
        fuzz_query_readers(text);
        break;
    }
  } catch (...) {
    FUZZ_CHECK(!"an exception escaped a text check");
  }
  return 0;
}
