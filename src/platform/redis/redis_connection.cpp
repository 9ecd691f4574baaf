#include "platform/redis/redis_connection.hpp"

#include <hiredis/hiredis.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/url/parse.hpp>
#include <charconv>

namespace tandem::platform {

namespace asio = boost::asio;
namespace beast = boost::beast;

std::optional<RedisEndpoint> parse_redis_url(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed || parsed->scheme() != "redis") return std::nullopt;
  RedisEndpoint endpoint;
  if (!parsed->host().empty()) endpoint.host = parsed->host();
  if (parsed->has_port()) {
    const auto port = parsed->port_number();
    if (port == 0) return std::nullopt;
    endpoint.port = port;
  }
  if (parsed->has_userinfo()) {
    endpoint.user = parsed->user();
    endpoint.password = parsed->password();
  }
  std::string_view path = parsed->encoded_path();
  if (!path.empty() && path != "/") {
    path.remove_prefix(1);
    int db = 0;
    auto [end, ec] = std::from_chars(path.data(), path.data() + path.size(), db);
    if (ec != std::errc{} || end != path.data() + path.size() || db < 0) return std::nullopt;
    endpoint.database = db;
  }
  return endpoint;
}

std::string encode_redis_command(const std::vector<std::string>& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& arg : args) {
    out += "$" + std::to_string(arg.size()) + "\r\n";
    out += arg;
    out += "\r\n";
  }
  return out;
}

struct RedisConnection::Reader {
  redisReader* reader = redisReaderCreate();
  ~Reader() {
    if (reader != nullptr) redisReaderFree(reader);
  }
};

namespace {

RedisReply convert(const redisReply& r) {
  RedisReply out;
  switch (r.type) {
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
    case REDIS_REPLY_STRING:
      out.kind = r.type == REDIS_REPLY_STATUS  ? RedisReply::Kind::status
                 : r.type == REDIS_REPLY_ERROR ? RedisReply::Kind::error
                                               : RedisReply::Kind::string;
      out.text.assign(r.str, r.len);
      break;
    case REDIS_REPLY_INTEGER:
      out.kind = RedisReply::Kind::integer;
      out.integer = r.integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.kind = RedisReply::Kind::array;
      for (std::size_t i = 0; i < r.elements; ++i) out.elements.push_back(convert(*r.element[i]));
      break;
    default:
      out.kind = RedisReply::Kind::nil;
  }
  return out;
}

}  // namespace

RedisConnection::RedisConnection(asio::any_io_executor executor, RedisEndpoint endpoint)
    : executor_(executor), endpoint_(std::move(endpoint)) {}

RedisConnection::~RedisConnection() = default;

void RedisConnection::close() {
  if (stream_) {
    beast::error_code ec;
    stream_->socket().close(ec);
  }
  stream_.reset();
  reader_.reset();
}

asio::awaitable<void> RedisConnection::connect(std::chrono::milliseconds deadline) {
  close();
  asio::ip::tcp::resolver resolver(executor_);
  beast::error_code ec;
  auto endpoints = co_await resolver.async_resolve(endpoint_.host, std::to_string(endpoint_.port),
                                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) throw RedisFailure("redis: cannot resolve " + endpoint_.host + ": " + ec.message());
  stream_.emplace(executor_);
  stream_->expires_after(deadline);
  co_await stream_->async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    close();
    throw RedisFailure("redis: cannot connect: " + ec.message());
  }
  stream_->socket().set_option(asio::ip::tcp::no_delay(true), ec);
  reader_ = std::make_unique<Reader>();
  // Credentials and database before the first real command.
  std::vector<std::vector<std::string>> setup;
  if (!endpoint_.password.empty()) {
    if (endpoint_.user.empty())
      setup.push_back({"AUTH", endpoint_.password});
    else
      setup.push_back({"AUTH", endpoint_.user, endpoint_.password});
  }
  if (endpoint_.database != 0) setup.push_back({"SELECT", std::to_string(endpoint_.database)});
  for (const auto& args : setup) {
    auto reply = co_await exchange(args, deadline);
    if (reply.kind == RedisReply::Kind::error) {
      close();
      throw RedisFailure("redis: " + args.front() + " refused: " + reply.text);
    }
  }
}

asio::awaitable<RedisReply> RedisConnection::read_reply(std::chrono::milliseconds deadline) {
  char buffer[4096];
  for (;;) {
    void* parsed = nullptr;
    if (redisReaderGetReply(reader_->reader, &parsed) != REDIS_OK) {
      close();
      throw RedisFailure("redis: protocol error");
    }
    if (parsed != nullptr) {
      auto* reply = static_cast<redisReply*>(parsed);
      RedisReply out = convert(*reply);
      freeReplyObject(reply);
      co_return out;
    }
    stream_->expires_after(deadline);
    beast::error_code ec;
    const std::size_t n = co_await stream_->async_read_some(
        asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      close();
      throw RedisFailure("redis: " + ec.message());
    }
    redisReaderFeed(reader_->reader, buffer, n);
  }
}

asio::awaitable<RedisReply> RedisConnection::command(const std::vector<std::string>& args,
                                                     std::chrono::milliseconds deadline) {
  if (!stream_) co_await connect(deadline);
  auto reply = co_await exchange(args, deadline);
  co_return reply;
}

asio::awaitable<RedisReply> RedisConnection::exchange(const std::vector<std::string>& args,
                                                      std::chrono::milliseconds deadline) {
  const std::string text = encode_redis_command(args);
  stream_->expires_after(deadline);
  beast::error_code ec;
  co_await asio::async_write(*stream_, asio::buffer(text),
                             asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    close();
    throw RedisFailure("redis: " + ec.message());
  }
  auto reply = co_await read_reply(deadline);
  co_return reply;
}

}  // namespace tandem::platform
