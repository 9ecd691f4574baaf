#include "faces/v1/email_address.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace tandem::faces::v1 {

namespace {

bool is_atext(unsigned char c) {
  if (std::isalnum(c)) return true;
  static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
  return kSpecials.find(static_cast<char>(c)) != std::string_view::npos || c >= 0x80;
}

bool is_domain_char(unsigned char c) { return std::isalnum(c) || c == '-' || c >= 0x80; }

}  // namespace

std::optional<std::string> validate_email(std::string_view input, std::string& reason) {
  auto at = input.rfind('@');
  if (at == std::string_view::npos) {
    reason = "An email address must have an @-sign.";
    return std::nullopt;
  }
  std::string_view local = input.substr(0, at);
  std::string_view domain = input.substr(at + 1);
  if (local.empty()) {
    reason = "There must be something before the @-sign.";
    return std::nullopt;
  }
  if (domain.empty()) {
    reason = "There must be something after the @-sign.";
    return std::nullopt;
  }
  if (local.size() > 64) {
    reason = "The email address is too long before the @-sign (" +
             std::to_string(local.size() - 64) + " characters too many).";
    return std::nullopt;
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    reason = local.front() == '.'  ? "An email address cannot start with a period."
             : local.back() == '.' ? "An email address cannot have a period immediately before "
                                     "the @-sign."
                                   : "An email address cannot have two periods in a row.";
    return std::nullopt;
  }
  for (unsigned char c : local) {
    if (c != '.' && !is_atext(c)) {
      reason = std::string("The email address contains invalid characters before the @-sign: '") +
               static_cast<char>(c) + "'.";
      return std::nullopt;
    }
  }
  std::string dom(domain);
  std::transform(dom.begin(), dom.end(), dom.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (unsigned char c : dom) {
    if (c != '.' && !is_domain_char(c)) {
      reason = std::string("The part after the @-sign contains invalid characters: '") +
               static_cast<char>(c) + "'.";
      return std::nullopt;
    }
  }
  if (dom.front() == '.' || dom.back() == '.' || dom.find("..") != std::string::npos) {
    reason = dom.front() == '.'  ? "An email address cannot have a period immediately after the "
                                   "@-sign."
             : dom.back() == '.' ? "An email address cannot end with a period."
                                 : "An email address cannot have two periods in a row.";
    return std::nullopt;
  }
  // Every label: no leading or trailing hyphen.
  std::size_t start = 0;
  while (start <= dom.size()) {
    auto dot = dom.find('.', start);
    std::string_view label(dom.data() + start,
                           (dot == std::string::npos ? dom.size() : dot) - start);
    if (!label.empty() && (label.front() == '-' || label.back() == '-')) {
      reason = "The part after the @-sign cannot start or end with a hyphen.";
      return std::nullopt;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (dom.find('.') == std::string::npos) {
    reason = "The part after the @-sign is not valid. It should have a period.";
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 6> kSpecialUse = {"arpa",      "invalid", "local",
                                                                  "localhost", "onion",   "test"};
  std::string_view tld = std::string_view(dom).substr(dom.rfind('.') + 1);
  if (std::find(kSpecialUse.begin(), kSpecialUse.end(), tld) != kSpecialUse.end()) {
    reason =
        "The part after the @-sign is a special-use or reserved name that cannot be used with "
        "email.";
    return std::nullopt;
  }
  if (std::all_of(tld.begin(), tld.end(), [](unsigned char c) { return std::isdigit(c); })) {
    reason = "The part after the @-sign is not valid. It is not within a valid top-level domain.";
    return std::nullopt;
  }
  return std::string(local) + "@" + dom;
}

}  // namespace tandem::faces::v1
