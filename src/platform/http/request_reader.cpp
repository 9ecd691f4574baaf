#include "platform/http/request_reader.hpp"

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <limits>
#include <new>
#include <stdexcept>

#include "platform/http/url_codec.hpp"

namespace tandem::http {

namespace bhttp = boost::beast::http;

namespace {

constexpr std::string_view kHeaderTooLarge = "Request header fields too large";
constexpr std::string_view kBodyTooLarge = "Request body too large";
constexpr std::string_view kMalformed = "Malformed HTTP request";

// The percent-decoded path of a request target, without the query.
std::string path_of(std::string_view target) {
  return percent_decode(target.substr(0, target.find('?')), false);
}

// The path of a request line ("METHOD SP target SP version").
std::string path_of_request_line(std::string_view input) {
  std::string_view line = input.substr(0, std::min<std::size_t>(input.size(), 8192));
  line = line.substr(0, line.find("\r\n"));
  auto first_space = line.find(' ');
  if (first_space == std::string_view::npos) return {};
  std::string_view target = line.substr(first_space + 1);
  return path_of(target.substr(0, target.find(' ')));
}

// True when `pending` (what Beast has not consumed of a chunked body) begins with the last chunk,
// i.e. what Beast waits for is the trailer section rather than a chunk-size line.
bool starts_with_last_chunk(std::string_view pending) {
  if (pending.substr(0, 2) == "\r\n") pending.remove_prefix(2);  // end of the previous chunk
  std::size_t zeros = 0;
  while (zeros < pending.size() && pending[zeros] == '0') ++zeros;
  return zeros > 0 && zeros < pending.size() && (pending[zeros] == ';' || pending[zeros] == '\r');
}

}  // namespace

RequestReader::RequestReader(const HttpLimits& limits) : limits_(limits) {
  parser_.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(limits_.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  parser_.body_limit(limits_.max_body_bytes);
  chunk_header_callback_ = [this](std::uint64_t size, boost::beast::string_view extensions,
                                  boost::system::error_code& ec) {
    on_chunk_header(size, std::string_view(extensions.data(), extensions.size()), ec);
  };
  parser_.on_chunk_header(chunk_header_callback_);
}

void RequestReader::on_chunk_header(std::uint64_t size, std::string_view extensions,
                                    boost::system::error_code& ec) {
  chunked_body_bytes_ += size + extensions.size();
  if (chunked_body_bytes_ > limits_.max_body_bytes) ec = bhttp::error::body_limit;
}

RequestReader::Progress RequestReader::fail(int status, std::string_view message,
                                            std::string_view input) {
  failed_ = true;
  failure_ = ReadFailure{status, message};
  if (!header_checked_) {
    // Beast consumes the request line as soon as it has it; before that, read it raw.
    auto target = parser_.get().target();
    path_hint_ = target.empty() ? path_of_request_line(input) : path_of(target);
  }
  return Progress::failed;
}

RequestReader::Progress RequestReader::fail_from_parser(const boost::system::error_code& ec,
                                                        std::string_view input) {
  if (ec == bhttp::error::header_limit) return fail(431, kHeaderTooLarge, input);
  if (ec == bhttp::error::body_limit) return fail(413, kBodyTooLarge, input);
  return fail(400, kMalformed, input);
}

std::optional<ReadFailure> RequestReader::framing_violation() const {
  const auto& message = parser_.get();
  std::size_t transfer_encodings = 0, hosts = 0;
  bool content_length = false;
  std::string_view transfer_encoding;
  for (const auto& field : message) {
    switch (field.name()) {
      case bhttp::field::transfer_encoding:
        ++transfer_encodings;
        transfer_encoding = std::string_view(field.value().data(), field.value().size());
        break;
      case bhttp::field::host:
        ++hosts;
        break;
      case bhttp::field::content_length:
        content_length = true;
        break;
      default:
        break;
    }
  }
  if (transfer_encodings > 0) {
    // Only `chunked` is implemented; any other coding leaves the body length unknown to us but
    // perhaps known to a proxy, which is how one request hides another (RFC 9112 §6.1, §6.3).
    if (message.version() < 11)
      return ReadFailure{400, "Transfer-Encoding is not allowed in HTTP/1.0"};
    if (transfer_encodings > 1 || !boost::beast::iequals(transfer_encoding, "chunked"))
      return ReadFailure{400, "Unsupported Transfer-Encoding"};
    if (content_length) return ReadFailure{400, "Transfer-Encoding and Content-Length together"};
  }
  if (message.version() >= 11 && hosts == 0) return ReadFailure{400, "Missing Host header"};
  if (hosts > 1) return ReadFailure{400, "Duplicate Host header"};
  return std::nullopt;
}

RequestReader::Progress RequestReader::check_pending(std::string_view pending) {
  // Beast waits for a whole header line, chunk-size line or trailer section before it parses
  // one; without a bound here those would grow with whatever the client keeps sending.
  if (!header_checked_) {
    // Beast consumes the header line by line, so what it holds back is only the partial line.
    if (header_bytes_ + pending.size() > limits_.max_header_bytes)
      return fail(431, kHeaderTooLarge, pending);
    return Progress::need_more;
  }
  if (pending.size() <= limits_.max_header_bytes) return Progress::need_more;
  if (starts_with_last_chunk(pending)) return fail(431, kHeaderTooLarge, pending);
  return fail(413, kBodyTooLarge, pending);
}

RequestReader::Progress RequestReader::parse(std::string_view input, std::size_t& consumed) {
  consumed = 0;
  if (failed_) return Progress::failed;
  if (parser_.is_done()) return Progress::complete;
  try {
    for (;;) {
      boost::system::error_code ec;
      std::string_view rest = input.substr(consumed);
      std::size_t used = parser_.put(boost::asio::buffer(rest.data(), rest.size()), ec);
      consumed += used;
      if (!header_checked_) header_bytes_ += used;
      if (ec == bhttp::error::need_more) return check_pending(input.substr(consumed));
      if (ec) return fail_from_parser(ec, input);
      if (!header_checked_ && parser_.is_header_done()) {
        header_checked_ = true;
        // Beast files a trailer beside a header field of the same name, not after the header's
        // fields, so the header's own fields are told apart by identity.
        for (const auto& field : parser_.get()) header_fields_.push_back(&field);
        auto target = parser_.get().target();
        path_hint_ = path_of(std::string_view(target.data(), target.size()));
        // Beast bounds the header per call; the block may have arrived over several calls.
        if (header_bytes_ > limits_.max_header_bytes) return fail(431, kHeaderTooLarge, input);
        if (auto violation = framing_violation())
          return fail(violation->status, violation->message, input);
        if (!parser_.is_done()) {
          parser_.eager(true);
          return Progress::header_done;
        }
      }
      if (parser_.is_done()) {
        // A trailer section that arrived in one piece was parsed whole: measure it now.
        if (trailer_bytes() > limits_.max_header_bytes) return fail(431, kHeaderTooLarge, input);
        return Progress::complete;
      }
      if (used == 0) return check_pending(input.substr(consumed));
    }
  } catch (const std::length_error&) {
    // One field over Beast's 64 KiB per field, possible when the header limit is set higher or
    // in a trailer section.
    return fail(431, kHeaderTooLarge, input);
  } catch (const std::bad_alloc&) {
    return fail(413, kBodyTooLarge, input);
  } catch (const std::exception&) {
    return fail(400, kMalformed, input);
  }
}

bool RequestReader::is_trailer(const void* field) const {
  return std::find(header_fields_.begin(), header_fields_.end(), field) == header_fields_.end();
}

std::size_t RequestReader::trailer_bytes() const {
  std::size_t bytes = 0;
  for (const auto& field : parser_.get()) {
    if (is_trailer(&field)) bytes += field.name_string().size() + field.value().size() + 4;
  }
  return bytes;
}

bool RequestReader::expects_continue() const {
  const auto& message = parser_.get();
  auto it = message.find(bhttp::field::expect);
  return it != message.end() && boost::beast::iequals(it->value(), "100-continue");
}

RequestReader::Message RequestReader::release() {
  auto& message = parser_.get();
  for (auto it = message.begin(); it != message.end();) {
    if (is_trailer(&*it))
      it = message.erase(it);
    else
      ++it;
  }
  return parser_.release();
}

}  // namespace tandem::http
