#pragma once
// Reads one HTTP/1.1 request out of the bytes a connection received, with every limit applied to
// everything the client sends. Beast parses; this class adds what Beast leaves to its user:
// - RFC 9112 framing: a Transfer-Encoding other than exactly `chunked`, one together with a
//   Content-Length, or on HTTP/1.0, and a missing or repeated Host on HTTP/1.1 are 400s, so a
//   body can never be read one way here and another way by a proxy in front (smuggling);
// - bounds on what Beast holds back until it can parse it whole (a header line, a chunk-size line
//   with its extensions, the trailer section), the header counted across reads, and chunk
//   extensions counted against the body limit;
// - no exception escapes: Beast throws std::length_error for one field over 64 KiB.
// It does no I/O (the server feeds it what the socket delivered), so the same code is unit-tested
// and fuzzed without sockets. Trailer fields are parsed and dropped: no handler reads them, and
// merging them into the header would let a trailer pose as a header (RFC 9110 §6.5.1).

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/http_limits.hpp"

namespace tandem::http {

struct ReadFailure {
  int status = 400;          // 400, 413 or 431
  std::string_view message;  // static text, for the owning face's error body
};

class RequestReader {
 public:
  using Message = boost::beast::http::request<boost::beast::http::string_body>;

  enum class Progress {
    need_more,    // feed more bytes
    header_done,  // the header is complete and valid and a body follows (answer 100 Continue now)
    complete,     // a whole request is ready: take it with release()
    failed,       // answer failure() and close the connection
  };

  explicit RequestReader(const HttpLimits& limits);
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  // Parses from the front of `input`, the bytes received and not consumed yet, and sets
  // `consumed` to how many of them it used. Pausing at header_done lets the server answer
  // `Expect: 100-continue` before the client sends the body; the next call goes on with the body.
  Progress parse(std::string_view input, std::size_t& consumed);

  const ReadFailure& failure() const { return failure_; }
  bool header_done() const { return header_checked_; }
  // The request's path as far as it is known (parsed header, else the raw request line), so the
  // face that owns it renders an error in its own shape. Empty when nothing is known.
  const std::string& path_hint() const { return path_hint_; }
  // Whether the client waits for "100 Continue" before sending the body.
  bool expects_continue() const;
  // The request, header fields only. Valid once parse() returned complete.
  Message release();

 private:
  Progress fail(int status, std::string_view message, std::string_view input);
  Progress fail_from_parser(const boost::system::error_code& ec, std::string_view input);
  // A framing rule of RFC 9112 that the parsed header breaks, if any.
  std::optional<ReadFailure> framing_violation() const;
  // Fails when the bytes Beast keeps buffered for one syntactic unit exceed their limit.
  Progress check_pending(std::string_view pending);
  // Size of the trailer fields parsed so far, as sent ("Name: value" CRLF).
  std::size_t trailer_bytes() const;
  bool is_trailer(const void* field) const;
  void on_chunk_header(std::uint64_t size, std::string_view extensions,
                       boost::system::error_code& ec);

  HttpLimits limits_;
  boost::beast::http::request_parser<boost::beast::http::string_body> parser_;
  std::function<void(std::uint64_t, boost::beast::string_view, boost::system::error_code&)>
      chunk_header_callback_;               // Beast keeps a reference to it
  std::uint64_t chunked_body_bytes_ = 0;    // chunk data plus extensions seen so far
  std::vector<const void*> header_fields_;  // the header's own fields; any other is a trailer
  std::size_t header_bytes_ = 0;            // header bytes Beast consumed so far
  bool header_checked_ = false;
  bool failed_ = false;
  ReadFailure failure_;
  std::string path_hint_;
};

}  // namespace tandem::http
