#include "platform/http/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace tandem::http {
namespace {

namespace ip = boost::asio::ip;

TrustedProxies trusting(std::initializer_list<const char*> entries) {
  std::vector<IpNetwork> networks;
  for (const char* e : entries) networks.push_back(IpNetwork::parse(e).value());
  return TrustedProxies(std::move(networks));
}

std::vector<Header> forwarded(std::initializer_list<const char*> lines) {
  std::vector<Header> headers{{"Host", "example.com"}};
  for (const char* line : lines) headers.push_back({"X-Forwarded-For", line});
  return headers;
}

bool contains(const char* network, const char* address) {
  return IpNetwork::parse(network).value().contains(ip::make_address(address));
}

TEST(IpNetworkTest, ParsesAddressesAndBlocks) {
  for (const char* good : {"127.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "192.168.1.128/25", "::1",
                           "fd00::/8", "::/0", "2001:db8::/32", "10.1.2.3/32", "::ffff:0:0/96"})
    EXPECT_TRUE(IpNetwork::parse(good)) << good;
  for (const char* bad :
       {"", "localhost", "10.0.0", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/-1",
        "10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0.0 /8", " 10.0.0.1", "010.0.0.1", "[::1]",
        "fe80::1%eth0", "10.0.0.1/8", "192.168.1.1/31", "fd00::1/8", "10.0.0.0/0008", "1.2.3.4:80"})
    EXPECT_FALSE(IpNetwork::parse(bad)) << bad;
}

TEST(IpNetworkTest, MatchesByPrefix) {
  EXPECT_TRUE(contains("10.0.0.0/8", "10.255.1.2"));
  EXPECT_FALSE(contains("10.0.0.0/8", "11.0.0.1"));
  EXPECT_TRUE(contains("192.168.1.128/25", "192.168.1.200"));
  EXPECT_FALSE(contains("192.168.1.128/25", "192.168.1.127"));
  EXPECT_TRUE(contains("127.0.0.1", "127.0.0.1"));
  EXPECT_FALSE(contains("127.0.0.1", "127.0.0.2"));
  EXPECT_TRUE(contains("0.0.0.0/0", "203.0.113.9"));
  EXPECT_FALSE(contains("0.0.0.0/0", "2001:db8::1"));
  EXPECT_TRUE(contains("fd00::/8", "fd12:3456::1"));
  EXPECT_FALSE(contains("fd00::/8", "fe80::1"));
  EXPECT_TRUE(contains("::1", "::1"));
  EXPECT_FALSE(contains("::1", "127.0.0.1"));
  EXPECT_TRUE(contains("2001:db8::/127", "2001:db8::1"));
  EXPECT_FALSE(contains("2001:db8::/127", "2001:db8::2"));
}

TEST(IpNetworkTest, IpV4BlocksMatchTheMappedForm) {
  // A server listening on :: sees IPv4 peers as ::ffff:a.b.c.d.
  EXPECT_TRUE(contains("127.0.0.1", "::ffff:127.0.0.1"));
  EXPECT_TRUE(contains("10.0.0.0/8", "::ffff:10.1.1.1"));
  EXPECT_FALSE(contains("10.0.0.0/8", "::ffff:11.1.1.1"));
  EXPECT_TRUE(contains("::ffff:0:0/96", "10.1.1.1"));
}

TEST(ForwardedAddressTest, AcceptsAddressesWithOrWithoutPort) {
  auto parsed = [](const char* entry) -> std::string {
    auto a = parse_forwarded_address(entry);
    return a ? a->to_string() : "-";
  };
  EXPECT_EQ(parsed("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(parsed("203.0.113.7:5150"), "203.0.113.7");
  EXPECT_EQ(parsed("2001:db8::7"), "2001:db8::7");
  EXPECT_EQ(parsed("2001:DB8:0::7"), "2001:db8::7");
  EXPECT_EQ(parsed("[2001:db8::7]"), "2001:db8::7");
  EXPECT_EQ(parsed("[2001:db8::7]:443"), "2001:db8::7");
  for (const char* bad : {"", "unknown", "_hidden", "203.0.113", "203.0.113.7:", "203.0.113.7:x",
                          "203.0.113.7:65536", "[203.0.113.7]", "[2001:db8::7", "[2001:db8::7]x",
                          "2001:db8::7:99999:1", "fe80::1%eth0", "example.com", "1.2.3.4 5"})
    EXPECT_EQ(parsed(bad), "-") << bad;
}

TEST(TrustedProxiesTest, UntrustedPeerIsTheClientAndTheHeaderIsIgnored) {
  auto proxies = trusting({"10.0.0.0/8"});
  EXPECT_EQ(proxies.client_address("203.0.113.7", forwarded({"198.51.100.1"})), "203.0.113.7");
  EXPECT_EQ(TrustedProxies().client_address("10.0.0.1", forwarded({"198.51.100.1"})), "10.0.0.1");
}

TEST(TrustedProxiesTest, TrustedPeerForwardsTheRightmostUntrustedEntry) {
  auto proxies = trusting({"10.0.0.0/8", "127.0.0.1"});
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"198.51.100.1"})), "198.51.100.1");
  // A client-written leftmost entry is never chosen over the one the proxy appended.
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"1.1.1.1, 198.51.100.1"})),
            "198.51.100.1");
  // Proxies in a chain: their own entries are skipped.
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"6.6.6.6, 198.51.100.1, 10.0.0.5"})),
            "198.51.100.1");
  // No header: the proxy itself.
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({})), "127.0.0.1");
  // Every entry trusted: the leftmost, the nearest to the client we know of.
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"10.0.0.9, 10.0.0.5"})), "10.0.0.9");
}

TEST(TrustedProxiesTest, FieldLinesAreJoinedInOrder) {
  auto proxies = trusting({"127.0.0.1"});
  // haproxy's option forwardfor adds its own line after the client's.
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"6.6.6.6", "198.51.100.1"})),
            "198.51.100.1");
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"198.51.100.1", "127.0.0.1"})),
            "198.51.100.1");
  std::vector<Header> mixed_case{
      {"x-forwarded-for", "6.6.6.6"}, {"Other", "1.2.3.4"}, {"X-FORWARDED-FOR", "198.51.100.2"}};
  EXPECT_EQ(proxies.client_address("127.0.0.1", mixed_case), "198.51.100.2");
}

TEST(TrustedProxiesTest, WhitespaceAndEmptyEntriesAreSkipped) {
  auto proxies = trusting({"127.0.0.1"});
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({" \t198.51.100.1 \t"})), "198.51.100.1");
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"198.51.100.1, ,", ""})),
            "198.51.100.1");
}

TEST(TrustedProxiesTest, MalformedEntryEndsTheWalk) {
  auto proxies = trusting({"127.0.0.1", "10.0.0.0/8"});
  // Nothing good before it: the peer.
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"unknown"})), "127.0.0.1");
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"198.51.100.1, garbage"})), "127.0.0.1");
  // The last good entry, although it is a trusted proxy: nothing beyond it can be believed.
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"198.51.100.1, junk, 10.0.0.5"})),
            "10.0.0.5");
}

TEST(TrustedProxiesTest, AddressesArePrintedCanonically) {
  auto proxies = trusting({"127.0.0.1", "::1"});
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"[2001:DB8::7]:443"})), "2001:db8::7");
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"::ffff:198.51.100.1"})),
            "198.51.100.1");
  EXPECT_EQ(proxies.client_address("::1", forwarded({"198.51.100.1:5150"})), "198.51.100.1");
  // The IPv4-mapped peer of a socket bound to :: is trusted like its IPv4 form.
  EXPECT_EQ(proxies.client_address("::ffff:127.0.0.1", forwarded({"198.51.100.1"})),
            "198.51.100.1");
  // An untrusted peer keeps the spelling the server gave it.
  EXPECT_EQ(proxies.client_address("::ffff:203.0.113.1", forwarded({"198.51.100.1"})),
            "::ffff:203.0.113.1");
}

}  // namespace
}  // namespace tandem::http
