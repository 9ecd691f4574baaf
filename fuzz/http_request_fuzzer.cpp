// Fuzzes the HTTP/1.1 request reader (platform/http/request_reader.hpp) the way the server drives
// it (http_server.cpp's feed_reader): the client's bytes arrive in pieces, each parse() sees every
// byte received and not consumed yet, the reader is called again after header_done, and after a
// complete request the next one is read from what is left (pipelining).
//
// Input: [limits][8 piece sizes][the bytes the client sends]. The first byte picks the limits
// (the server's defaults, small ones that a short input can exceed, or an operator's raised
// header limit, beyond Beast's 64 KiB per field); the next eight say how the bytes are split
// into socket reads, used in turn.
//
// Invariants: parse() never throws; `consumed` never exceeds its input; a failure is 400, 413 or
// 431 with a message and a valid UTF-8 path hint; a complete request's body is within the body
// limit and its framing obeys RFC 9112 (one Host on HTTP/1.1, Transfer-Encoding only `chunked`
// and never with Content-Length); and while the reader waits for more, what it leaves
// unconsumed stays within the header limit plus one read, so no client can make a connection
// hold more than that.

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "platform/http/request_reader.hpp"
#include "platform/http/url_codec.hpp"
#include "platform/utf8.hpp"

namespace {

using tandem::http::HttpLimits;
using tandem::http::RequestReader;
using Progress = RequestReader::Progress;
namespace bhttp = boost::beast::http;

// The server's read size (kReadChunkBytes in http_server.cpp): one socket read adds at most this.
constexpr std::size_t kReadBytes = 16 * 1024;
// Requests read from one input; enough for pipelining, few enough to keep runs fast.
constexpr int kMaxRequests = 8;
constexpr std::size_t kScheduleBytes = 8;

HttpLimits limits_for(std::uint8_t selector) {
  HttpLimits limits;  // the server's defaults
  switch (selector % 4) {
    case 1:  // small: a short input reaches every limit
      limits.max_header_bytes = 256;
      limits.max_body_bytes = 128;
      break;
    case 2:  // tiny: hardly anything fits
      limits.max_header_bytes = 24;
      limits.max_body_bytes = 1;
      break;
    case 3:  // an operator's raised header limit: one field may pass Beast's 64 KiB
      limits.max_header_bytes = 128 * 1024;
      limits.max_body_bytes = 4 * 1024 * 1024;
      break;
    default:
      break;
  }
  return limits;
}

// The sizes socket reads deliver, chosen by the schedule's bytes in turn. After kScheduledReads
// reads the rest arrives in full reads: a 70 KB input in 1-byte reads would make one run cost as
// much as thousands of others, and throughput would fall as the fuzzer grows its inputs.
class Pieces {
 public:
  explicit Pieces(std::string_view schedule) : schedule_(schedule) {}
  std::size_t next() {
    static constexpr std::size_t kSizes[] = {1, 2, 3, 7, 64, 500, 4096, kReadBytes};
    static constexpr std::size_t kScheduledReads = 2048;
    if (schedule_.empty() || turn_ >= kScheduledReads) return kReadBytes;
    auto byte = static_cast<unsigned char>(schedule_[turn_++ % schedule_.size()]);
    return kSizes[byte % (sizeof kSizes / sizeof kSizes[0])];
  }

 private:
  std::string_view schedule_;
  std::size_t turn_ = 0;
};

bool iequals(boost::beast::string_view a, std::string_view b) {
  return boost::beast::iequals(a, boost::beast::string_view(b.data(), b.size()));
}

// RFC 9112 framing that the reader promises for every request it completes (§3.2, §6.1, §6.3).
void check_framing(const RequestReader::Message& message) {
  std::size_t hosts = 0, transfer_encodings = 0, content_lengths = 0;
  bool chunked = false;
  for (const auto& field : message) {
    if (field.name() == bhttp::field::host) ++hosts;
    if (field.name() == bhttp::field::content_length) ++content_lengths;
    if (field.name() == bhttp::field::transfer_encoding) {
      ++transfer_encodings;
      chunked = iequals(field.value(), "chunked");
    }
  }
  if (message.version() >= 11) FUZZ_CHECK(hosts == 1);
  FUZZ_CHECK(hosts <= 1);
  if (transfer_encodings > 0) {
    FUZZ_CHECK(message.version() >= 11);
    FUZZ_CHECK(transfer_encodings == 1 && chunked);
    FUZZ_CHECK(content_lengths == 0);
  }
}

void check_failure(const RequestReader& reader) {
  const auto& failure = reader.failure();
  FUZZ_CHECK(failure.status == 400 || failure.status == 413 || failure.status == 431);
  FUZZ_CHECK(!failure.message.empty());
  // The owning face echoes nothing of it, but it picks the face and ends up in logs.
  FUZZ_CHECK(tandem::platform::is_valid_utf8(reader.path_hint()));
}

void check_complete(RequestReader& reader, const HttpLimits& limits) {
  auto message = reader.release();
  FUZZ_CHECK(message.body().size() <= limits.max_body_bytes);
  check_framing(message);
  // What the server derives from the target for routing and handlers (to_request).
  std::string_view target(message.target().data(), message.target().size());
  FUZZ_CHECK(tandem::platform::is_valid_utf8(
      tandem::http::percent_decode(target.substr(0, target.find('?')), false)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 + kScheduleBytes) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const HttpLimits limits = limits_for(static_cast<std::uint8_t>(input[0]));
  Pieces pieces(input.substr(1, kScheduleBytes));
  const std::string_view client = input.substr(1 + kScheduleBytes);

  std::string buffer;  // received and not consumed, like the connection's flat_buffer
  std::size_t sent = 0;
  try {
    for (int request = 0; request < kMaxRequests; ++request) {
      RequestReader reader(limits);
      bool paused_at_header = false;
      Progress progress;
      for (;;) {
        std::size_t consumed = 0;
        progress = reader.parse(buffer, consumed);
        FUZZ_CHECK(consumed <= buffer.size());
        buffer.erase(0, consumed);
        if (progress == Progress::header_done) {
          FUZZ_CHECK(!paused_at_header);  // once per request
          FUZZ_CHECK(reader.header_done());
          paused_at_header = true;
          continue;  // the server may answer 100 Continue, then reads the body
        }
        if (progress != Progress::need_more) break;
        FUZZ_CHECK(buffer.size() <= limits.max_header_bytes + kReadBytes);
        if (sent == client.size()) break;  // the client stopped sending
        std::size_t n = std::min(pieces.next(), client.size() - sent);
        buffer.append(client.substr(sent, n));
        sent += n;
      }
      if (progress == Progress::failed) {
        check_failure(reader);
        std::size_t consumed = 1;
        FUZZ_CHECK(reader.parse(buffer, consumed) == Progress::failed && consumed == 0);
        break;  // the server answers the failure and closes the connection
      }
      if (progress != Progress::complete) break;  // a partial request when the client stopped
      check_complete(reader, limits);
      if (buffer.empty() && sent == client.size()) break;
    }
  } catch (...) {
    FUZZ_CHECK(!"an exception escaped the request reader");
  }
  return 0;
}
