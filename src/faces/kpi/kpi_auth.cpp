#include "faces/kpi/kpi_auth.hpp"

#include <algorithm>
#include <vector>

#include "faces/kpi/kpi_errors.hpp"

namespace tandem::faces::kpi {

namespace {

using domain::identity::AuthFailure;
using domain::identity::TokenType;
using platform::JwtError;

constexpr std::string_view kWhitespace = " \t\r\n";

std::string_view trim(std::string_view s, std::string_view chars) {
  auto first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(chars);
  return s.substr(first, last - first + 1);
}

std::vector<std::string_view> split_whitespace(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < s.size()) {
    i = s.find_first_not_of(kWhitespace, i);
    if (i == std::string_view::npos) break;
    auto end = s.find_first_of(kWhitespace, i);
    if (end == std::string_view::npos) end = s.size();
    parts.push_back(s.substr(i, end - i));
    i = end;
  }
  return parts;
}

// PyJWT's texts for what Flask-JWT-Extended reports with 422 (expiry is a 401).
http::Response jwt_error_response(JwtError error, std::string_view token) {
  switch (error) {
    case JwtError::expired:
      return msg(401, "Token has expired");
    case JwtError::bad_signature:
      return msg(422, "Signature verification failed");
    case JwtError::bad_algorithm:
      return msg(422, "The specified alg value is not allowed");
    case JwtError::not_yet_valid:
      return msg(422, "The token is not yet valid (nbf)");
    case JwtError::missing_exp:
      return msg(422, "Token is missing the \"exp\" claim");
    case JwtError::malformed:
      break;
  }
  if (std::count(token.begin(), token.end(), '.') < 2) return msg(422, "Not enough segments");
  return msg(422, "Invalid token");
}

}  // namespace

std::variant<std::string_view, http::Response> bearer_token(const http::Request& req) {
  // As _decode_jwt_from_headers: strip, split the field values at commas, pick the one whose
  // first word is exactly "Bearer", which must be followed by exactly one word.
  std::string_view header = trim(trim(req.header("authorization").value_or(""), kWhitespace), ",");
  if (header.empty()) return msg(401, "Missing Authorization Header");
  std::vector<std::string_view> bearer_values;
  std::size_t start = 0;
  while (start <= header.size()) {
    auto comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    auto field = header.substr(start, comma - start);
    auto words = split_whitespace(field);
    if (!words.empty() && words.front() == "Bearer") bearer_values.push_back(field);
    start = comma + 1;
  }
  if (bearer_values.size() != 1)
    return msg(401,
               "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: "
               "Bearer <JWT>'");
  auto words = split_whitespace(bearer_values.front());
  if (words.size() != 2)
    return msg(422, "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'");
  return words[1];
}

boost::asio::awaitable<std::variant<Principal, http::Response>> authorize(
    KpiContext& ctx, const http::Request& req) {
  auto extracted = bearer_token(req);
  if (auto* refused = std::get_if<http::Response>(&extracted)) co_return std::move(*refused);
  std::string_view token = std::get<std::string_view>(extracted);

  // This face's contract has email-only logins (spec/kpi.md §5.1); their tokens are good here.
  auto result =
      co_await ctx.identity.authenticate(token, domain::identity::EmailOnlyTokens::accepted);
  if (auto* principal = std::get_if<Principal>(&result)) co_return std::move(*principal);

  auto& tokens = ctx.identity.tokens();
  switch (std::get<AuthFailure>(result)) {
    case AuthFailure::inactive_user:
      co_return message(403, "User is not active. Unauthorized Access");
    case AuthFailure::unknown_user: {
      auto verified = tokens.verify(token, TokenType::access);
      auto* v = std::get_if<domain::identity::VerifiedToken>(&verified);
      co_return msg(401, "Error loading the user " + (v ? v->subject : std::string()));
    }
    case AuthFailure::wrong_type:
      co_return msg(422, "Only non-refresh tokens are allowed");
    case AuthFailure::invalid_token:
      break;
  }
  // Rejected tokens are rare, so only they pay for the itemised second look.
  auto diagnosis = tokens.diagnose(token, TokenType::access);
  if (diagnosis.jwt_error) co_return jwt_error_response(*diagnosis.jwt_error, token);
  if (diagnosis.wrong_type) co_return msg(422, "Only non-refresh tokens are allowed");
  if (diagnosis.revoked) co_return msg(401, "Token has been revoked");
  co_return msg(422, "Invalid token");
}

}  // namespace tandem::faces::kpi
