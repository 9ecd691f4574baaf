#pragma once
// One connection to a Redis server speaking RESP over Asio, one command at a time: the command
// goes out, its reply comes back (hiredis's reader parses it), then the next. Every step has a
// deadline; a command that misses it, or fails on the wire, closes the connection, since a late
// reply would otherwise answer the next command. The next command connects again. Used only
// through RedisClient (redis_client.hpp), which decides when Redis is worth asking at all.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tandem::platform {

// Where Redis is: from REDIS_URL, redis://[[user]:password@]host[:port][/db].
struct RedisEndpoint {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::string user;
  std::string password;
  int database = 0;
};
// nullopt when the text is not such a URL.
std::optional<RedisEndpoint> parse_redis_url(std::string_view url);

struct RedisReply {
  enum class Kind { status, error, integer, string, nil, array };
  Kind kind = Kind::nil;
  std::string text;  // status, error and string replies
  std::int64_t integer = 0;
  std::vector<RedisReply> elements;  // array replies
};

class RedisFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The command's RESP text: an array of bulk strings.
std::string encode_redis_command(const std::vector<std::string>& args);

class RedisConnection {
 public:
  RedisConnection(boost::asio::any_io_executor executor, RedisEndpoint endpoint);
  ~RedisConnection();

  // On the connection's executor, one at a time. Throws RedisFailure (connection refused or
  // lost, deadline missed, protocol error); an error reply is returned, not thrown.
  boost::asio::awaitable<RedisReply> command(const std::vector<std::string>& args,
                                             std::chrono::milliseconds deadline);
  void close();

 private:
  boost::asio::awaitable<void> connect(std::chrono::milliseconds deadline);
  // One command written and its reply read on the open connection.
  boost::asio::awaitable<RedisReply> exchange(const std::vector<std::string>& args,
                                              std::chrono::milliseconds deadline);
  boost::asio::awaitable<RedisReply> read_reply(std::chrono::milliseconds deadline);

  boost::asio::any_io_executor executor_;
  RedisEndpoint endpoint_;
  std::optional<boost::beast::tcp_stream> stream_;
  struct Reader;
  std::unique_ptr<Reader> reader_;  // hiredis's incremental reply parser
};

}  // namespace tandem::platform
