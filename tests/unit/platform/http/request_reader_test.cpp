#include "platform/http/request_reader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tandem::http {
namespace {

using Progress = RequestReader::Progress;

struct Outcome {
  Progress progress = Progress::need_more;
  int status = 0;
  std::string path_hint;
  std::string body;
  std::size_t fields = 0;
  std::string leftover;  // bytes after the request, not consumed
  bool trailer_seen = false;
};

// Feeds `input` to a reader `step` bytes at a time, as a socket might deliver it, going on past
// header_done as the server does.
Outcome read(const std::string& input, std::size_t step, HttpLimits limits = {}) {
  RequestReader reader(limits);
  Outcome out;
  std::string buffer;
  std::size_t fed = 0;
  for (;;) {
    std::size_t consumed = 0;
    out.progress = reader.parse(buffer, consumed);
    buffer.erase(0, consumed);
    if (out.progress == Progress::header_done) continue;
    if (out.progress != Progress::need_more || fed >= input.size()) break;
    buffer += input.substr(fed, step);
    fed += step;
  }
  out.path_hint = reader.path_hint();
  if (out.progress == Progress::failed) out.status = reader.failure().status;
  if (out.progress == Progress::complete) {
    auto message = reader.release();
    out.body = message.body();
    for (const auto& f : message) {
      ++out.fields;
      if (f.name_string() == "X-Trailer") out.trailer_seen = true;
    }
  }
  out.leftover = buffer + (fed < input.size() ? input.substr(fed) : "");
  return out;
}

// Every case is read whole, in a few large pieces and byte by byte: the verdict must not depend
// on how the bytes arrive.
std::vector<Outcome> read_all_ways(const std::string& input, HttpLimits limits = {}) {
  return {read(input, input.size() + 1, limits), read(input, 4096, limits), read(input, 1, limits)};
}

std::string chunked_post(std::string_view path, std::string_view chunks) {
  return "POST " + std::string(path) +
         " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(chunks);
}

TEST(RequestReaderTest, ReadsASimpleRequestAndLeavesThePipelinedNextOne) {
  std::string next = "GET /second HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const auto& out : read_all_ways("GET /healthz?x=1 HTTP/1.1\r\nHost: x\r\n\r\n" + next)) {
    EXPECT_EQ(out.progress, Progress::complete);
    EXPECT_EQ(out.path_hint, "/healthz");
    EXPECT_EQ(out.leftover, next);
  }
}

TEST(RequestReaderTest, AssemblesAChunkedBodyAndDropsTrailers) {
  auto input = chunked_post("/p", "2;name=value\r\n{\"\r\n3\r\na\":\r\n0\r\nX-Trailer: 1\r\n\r\n");
  for (const auto& out : read_all_ways(input)) {
    ASSERT_EQ(out.progress, Progress::complete);
    EXPECT_EQ(out.body, "{\"a\":");
    EXPECT_FALSE(out.trailer_seen) << "a trailer must not pose as a header field";
    EXPECT_EQ(out.fields, 2u);
  }
}

// Found by fuzz/http_request_fuzzer: Beast files a trailer beside the header field of the same
// name, so "the fields after the header's count" kept a second Host and dropped a real header.
TEST(RequestReaderTest, ATrailerNamedLikeAHeaderFieldIsDroppedToo) {
  auto input =
      "POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nX-Last: 1\r\n\r\n"
      "1\r\nx\r\n0\r\nHost: b\r\nAuthorization: Bearer forged\r\n\r\n";
  for (std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
    RequestReader reader(HttpLimits{});
    std::string buffer;
    Progress progress = Progress::need_more;
    for (std::size_t fed = 0; progress != Progress::complete && progress != Progress::failed;) {
      if (progress == Progress::need_more) {
        ASSERT_LT(fed, std::string_view(input).size());
        buffer += std::string_view(input).substr(fed, step);
        fed += step;
      }
      std::size_t consumed = 0;
      progress = reader.parse(buffer, consumed);
      buffer.erase(0, consumed);
    }
    ASSERT_EQ(progress, Progress::complete);
    auto message = reader.release();
    EXPECT_EQ(message.count(boost::beast::http::field::host), 1u);
    EXPECT_EQ(message[boost::beast::http::field::host], "a");
    EXPECT_EQ(message.count(boost::beast::http::field::authorization), 0u);
    EXPECT_EQ(message["X-Last"], "1");
    EXPECT_EQ(message.body(), "x");
  }
}

TEST(RequestReaderTest, ChunkedIsCaseInsensitive) {
  auto input =
      "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n1\r\na\r\n0\r\n\r\n";
  EXPECT_EQ(read(input, 1000).progress, Progress::complete);
}

// The reproduction of issue 8's crash: Beast throws std::length_error for a field over 64 KiB.
TEST(RequestReaderTest, AHugeTrailerIs431NotACrash) {
  auto input = chunked_post("/api/v1/auth/logout",
                            "2\r\n{}\r\n0\r\nX-T: " + std::string(70'000, 't') + "\r\n\r\n");
  for (const auto& out : read_all_ways(input)) {
    EXPECT_EQ(out.progress, Progress::failed);
    EXPECT_EQ(out.status, 431);
    EXPECT_EQ(out.path_hint, "/api/v1/auth/logout");
  }
  HttpLimits generous;
  generous.max_header_bytes = 200'000;
  for (const auto& out : read_all_ways(input, generous)) EXPECT_EQ(out.status, 431);
}

TEST(RequestReaderTest, AFieldOverBeastsMaximumIs431EvenUnderAGenerousLimit) {
  HttpLimits generous;
  generous.max_header_bytes = 200'000;
  auto input = "GET /kpis HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(70'000, 'a') + "\r\n\r\n";
  for (const auto& out : read_all_ways(input, generous)) {
    EXPECT_EQ(out.status, 431);
    EXPECT_EQ(out.path_hint, "/kpis");
  }
}

TEST(RequestReaderTest, ManyTrailerLinesCountAgainstTheHeaderLimit) {
  HttpLimits limits;
  limits.max_header_bytes = 4096;
  std::string trailers;
  for (int i = 0; i < 100; ++i)
    trailers += "X-T" + std::to_string(i) + ": " + std::string(60, 'v') + "\r\n";
  for (const auto& out :
       read_all_ways(chunked_post("/p", "1\r\na\r\n0\r\n" + trailers + "\r\n"), limits))
    EXPECT_EQ(out.status, 431);
}

TEST(RequestReaderTest, ChunkExtensionsCountAgainstTheBodyLimit) {
  HttpLimits limits;
  limits.max_body_bytes = 1000;
  limits.max_header_bytes = 4096;
  // Longer than the body limit, shorter than the header limit: counted by size.
  auto input = chunked_post("/p", "2;e=" + std::string(1500, 'e') + "\r\n{}\r\n0\r\n\r\n");
  for (const auto& out : read_all_ways(input, limits)) EXPECT_EQ(out.status, 413);
  // Longer than anything: refused before it is all buffered.
  auto endless = chunked_post("/p", "2;e=" + std::string(100'000, 'e'));
  for (const auto& out : read_all_ways(endless, limits)) EXPECT_EQ(out.status, 413);
}

TEST(RequestReaderTest, AChunkedBodyOverTheLimitIs413) {
  HttpLimits limits;
  limits.max_body_bytes = 1000;
  std::string chunks;
  for (int i = 0; i < 20; ++i) chunks += "64\r\n" + std::string(100, 'b') + "\r\n";
  for (const auto& out : read_all_ways(chunked_post("/p", chunks + "0\r\n\r\n"), limits))
    EXPECT_EQ(out.status, 413);
}

TEST(RequestReaderTest, AHeaderBlockArrivingInPiecesIsMeasuredWhole) {
  HttpLimits limits;
  limits.max_header_bytes = 4096;
  std::string many;
  for (int i = 0; i < 100; ++i)
    many += "X-H" + std::to_string(i) + ": " + std::string(60, 'b') + "\r\n";
  for (const auto& out :
       read_all_ways("GET /api/tasks HTTP/1.1\r\nHost: x\r\n" + many + "\r\n", limits)) {
    EXPECT_EQ(out.status, 431);
    EXPECT_EQ(out.path_hint, "/api/tasks");
  }
}

TEST(RequestReaderTest, AnEndlessRequestLineIs431WithItsPath) {
  HttpLimits limits;
  limits.max_header_bytes = 4096;
  auto out = read("GET /kpi_values/" + std::string(10'000, 'a'), 1000, limits);
  EXPECT_EQ(out.status, 431);
  EXPECT_EQ(out.path_hint.substr(0, 12), "/kpi_values/");
}

class SmugglingTest : public ::testing::TestWithParam<std::string> {};

// RFC 9112 §6.1/§6.3: a body whose length we would judge differently from a proxy is refused,
// and the bytes behind it are never read as a request.
TEST_P(SmugglingTest, IsRefusedWith400) {
  std::string embedded = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const auto& out : read_all_ways(GetParam() + embedded)) {
    EXPECT_EQ(out.progress, Progress::failed);
    EXPECT_EQ(out.status, 400);
  }
}

INSTANTIATE_TEST_SUITE_P(
    FramingViolations, SmugglingTest,
    ::testing::Values(
        "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked"
        "\r\n\r\n0\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: "
        "5\r\n\r\n0\r\n"
        "\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\nContent-Length: 0\r\n\r\n",
        "POST /p HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "GET /p HTTP/1.1\r\n\r\n", "GET /p HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));

TEST(RequestReaderTest, Http10NeedsNoHost) {
  EXPECT_EQ(read("GET /healthz HTTP/1.0\r\n\r\n", 100).progress, Progress::complete);
}

TEST(RequestReaderTest, PausesAfterTheHeaderForExpectContinue) {
  RequestReader reader(HttpLimits{});
  std::string head =
      "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n";
  std::size_t consumed = 0;
  EXPECT_EQ(reader.parse(head, consumed), Progress::header_done);
  EXPECT_EQ(consumed, head.size());
  EXPECT_TRUE(reader.expects_continue());
  EXPECT_EQ(reader.parse("{}", consumed), Progress::complete);
  EXPECT_EQ(reader.release().body(), "{}");
}

TEST(RequestReaderTest, BodyOverTheLimitIs413FromContentLengthAlone) {
  HttpLimits limits;
  limits.max_body_bytes = 100;
  auto out =
      read("POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n", 1000, limits);
  EXPECT_EQ(out.status, 413);
  EXPECT_EQ(out.path_hint, "/api/tasks");
}

}  // namespace
}  // namespace tandem::http
