#include "platform/json_string.hpp"

namespace tandem::platform {

void append_ascii_escape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
  }
}

void append_json_string_utf8(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!is_json_escaped_ascii(c)) continue;
    out.append(text.substr(plain_from, i - plain_from));
    append_ascii_escape(out, c);
    plain_from = i + 1;
  }
  out.append(text.substr(plain_from));
  out.push_back('"');
}

}  // namespace tandem::platform
