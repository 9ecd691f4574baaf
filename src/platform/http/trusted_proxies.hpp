#pragma once
// Which TCP peers are this deployment's own proxies (TANDEM_TRUSTED_PROXIES), and the client
// address of a request that came through them. Behind a load balancer every connection comes
// from the balancer, so per-address limits and the access log need the address it forwards in
// X-Forwarded-For. Only the entries the trusted proxies appended can be believed: the walk goes
// from the right and stops at the first entry that is not a trusted proxy. Everything left of
// it was written by the client, so a client cannot choose the address it is counted under.

#include <array>
#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/http_message.hpp"

namespace tandem::http {

// One address or CIDR block: 10.0.0.0/8, 192.0.2.7, fd00::/8, ::1.
class IpNetwork {
 public:
  // nullopt for anything else, a block with host bits set after its prefix (10.0.0.1/8: the
  // operator meant either the host or the block, and trusting the wrong one is a hole) and an
  // IPv6 scope (%eth0).
  static std::optional<IpNetwork> parse(std::string_view text);

  // An IPv4 block also matches the IPv4-mapped IPv6 form of its addresses (a peer of a socket
  // bound to ::), and an IPv6 block the mapped form of IPv4 addresses.
  bool contains(const boost::asio::ip::address& address) const;

 private:
  IpNetwork(bool v6, std::array<unsigned char, 16> bytes, unsigned prefix)
      : v6_(v6), bytes_(bytes), prefix_(prefix) {}

  bool v6_;
  std::array<unsigned char, 16> bytes_;  // the first 4 for IPv4
  unsigned prefix_;
};

class TrustedProxies {
 public:
  TrustedProxies() = default;
  explicit TrustedProxies(std::vector<IpNetwork> networks) : networks_(std::move(networks)) {}

  bool empty() const { return networks_.empty(); }
  std::size_t size() const { return networks_.size(); }
  bool trusts(const boost::asio::ip::address& address) const;

  // The client address of a request from `peer` (the TCP peer as the server prints it):
  // the peer itself unless it is trusted; then the rightmost X-Forwarded-For entry (all the
  // request's X-Forwarded-For lines joined in order) that is not itself trusted. Entries are
  // trimmed and empty ones skipped; an entry that is not an address (an IPv4 address may carry
  // a :port, an IPv6 one may be bracketed, [::1]:port) ends the walk, and then the last good
  // entry is the answer, or the peer when there is none. When every entry is trusted, the
  // leftmost is the answer. Addresses taken from the header are printed canonically, IPv4-mapped
  // IPv6 as IPv4.
  std::string client_address(std::string_view peer, const std::vector<Header>& headers) const;

 private:
  std::vector<IpNetwork> networks_;
};

// One X-Forwarded-For entry, already trimmed: the address it names, or nullopt when malformed.
std::optional<boost::asio::ip::address> parse_forwarded_address(std::string_view entry);

}  // namespace tandem::http
