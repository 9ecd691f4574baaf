#include "platform/http/trusted_proxies.hpp"

#include <algorithm>
#include <charconv>

namespace tandem::http {

namespace ip = boost::asio::ip;

namespace {

// Digits only, at most `max_digits` of them, at most `max`: no sign, no spaces, no hex.
std::optional<unsigned> small_number(std::string_view text, std::size_t max_digits, unsigned max) {
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  unsigned value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  if (value > max) return std::nullopt;
  return value;
}

// inet_pton's strict forms only (no octal, no short IPv4); a scope (%eth0) is refused because
// it names an interface of the machine that wrote it, not an address.
std::optional<ip::address> strict_address(std::string_view text) {
  if (text.empty() || text.find('%') != std::string_view::npos) return std::nullopt;
  boost::system::error_code ec;
  auto address = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return address;
}

// IPv4-mapped IPv6 addresses as IPv4, so one client has one spelling in limits and logs.
ip::address unmapped(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  return address;
}

bool same_prefix(const unsigned char* a, const unsigned char* b, unsigned prefix) {
  unsigned whole = prefix / 8;
  if (!std::equal(a, a + whole, b)) return false;
  unsigned bits = prefix % 8;
  if (bits == 0) return true;
  auto mask = static_cast<unsigned char>(0xff << (8 - bits));
  return (a[whole] & mask) == (b[whole] & mask);
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<IpNetwork> IpNetwork::parse(std::string_view text) {
  auto slash = text.find('/');
  auto address = strict_address(text.substr(0, slash));
  if (!address) return std::nullopt;
  bool v6 = address->is_v6();
  unsigned bits = v6 ? 128 : 32;
  unsigned prefix = bits;
  if (slash != std::string_view::npos) {
    auto given = small_number(text.substr(slash + 1), 3, bits);
    if (!given) return std::nullopt;
    prefix = *given;
  }
  std::array<unsigned char, 16> bytes{};
  if (v6) {
    bytes = address->to_v6().to_bytes();
  } else {
    auto v4 = address->to_v4().to_bytes();
    std::copy(v4.begin(), v4.end(), bytes.begin());
  }
  // Host bits after the prefix must be zero: compare with the same bytes masked.
  std::array<unsigned char, 16> masked{};
  for (unsigned i = 0; i < prefix; ++i) masked[i / 8] |= bytes[i / 8] & (0x80 >> (i % 8));
  if (masked != bytes) return std::nullopt;
  return IpNetwork(v6, bytes, prefix);
}

bool IpNetwork::contains(const ip::address& address) const {
  if (!v6_) {
    auto v4 = unmapped(address);
    if (!v4.is_v4()) return false;
    auto candidate = v4.to_v4().to_bytes();
    return same_prefix(candidate.data(), bytes_.data(), prefix_);
  }
  auto v6 = address.is_v6() ? address.to_v6() : ip::make_address_v6(ip::v4_mapped, address.to_v4());
  auto candidate = v6.to_bytes();
  return same_prefix(candidate.data(), bytes_.data(), prefix_);
}

bool TrustedProxies::trusts(const ip::address& address) const {
  return std::any_of(networks_.begin(), networks_.end(),
                     [&](const IpNetwork& n) { return n.contains(address); });
}

std::optional<ip::address> parse_forwarded_address(std::string_view entry) {
  if (!entry.empty() && entry.front() == '[') {
    auto close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    auto after = entry.substr(close + 1);
    if (!after.empty() && !(after.front() == ':' && small_number(after.substr(1), 5, 65535)))
      return std::nullopt;
    auto address = strict_address(entry.substr(1, close - 1));
    if (!address || !address->is_v6()) return std::nullopt;
    return address;
  }
  // One colon: IPv4:port (IPv6 has at least two).
  if (std::count(entry.begin(), entry.end(), ':') == 1) {
    auto colon = entry.find(':');
    if (!small_number(entry.substr(colon + 1), 5, 65535)) return std::nullopt;
    auto address = strict_address(entry.substr(0, colon));
    if (!address || !address->is_v4()) return std::nullopt;
    return address;
  }
  return strict_address(entry);
}

std::string TrustedProxies::client_address(std::string_view peer,
                                           const std::vector<Header>& headers) const {
  auto peer_address = strict_address(peer);
  if (!peer_address || !trusts(*peer_address)) return std::string(peer);
  std::optional<ip::address> last_good;
  auto answer = [&] { return last_good ? unmapped(*last_good).to_string() : std::string(peer); };
  // From the last field line to the first, and in each from the last entry to the first.
  for (auto h = headers.rbegin(); h != headers.rend(); ++h) {
    if (!iequals(h->name, "x-forwarded-for")) continue;
    std::string_view rest = h->value;
    for (;;) {
      auto comma = rest.rfind(',');
      auto entry = trim_ows(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
      if (!entry.empty()) {
        auto address = parse_forwarded_address(entry);
        if (!address) return answer();
        last_good = address;
        if (!trusts(*address)) return answer();
      }
      if (comma == std::string_view::npos) break;
      rest = rest.substr(0, comma);
    }
  }
  return answer();
}

}  // namespace tandem::http
