#include "platform/http/url_codec.hpp"

#include "platform/hex.hpp"
#include "platform/utf8.hpp"

namespace tandem::http {

std::string percent_decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%' && i + 2 < in.size()) {
      int hi = platform::hex_digit_value(in[i + 1]);
      int lo = platform::hex_digit_value(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  if (platform::is_valid_utf8(out)) return out;
  return platform::to_valid_utf8(out);
}

}  // namespace tandem::http
