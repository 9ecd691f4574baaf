#include "platform/redis/redis_connection.hpp"

#include <gtest/gtest.h>

namespace tandem::platform {
namespace {

TEST(RedisUrl, HostPortDatabaseAndCredentials) {
  auto plain = parse_redis_url("redis://10.0.0.5:6380/2");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->host, "10.0.0.5");
  EXPECT_EQ(plain->port, 6380);
  EXPECT_EQ(plain->database, 2);
  EXPECT_TRUE(plain->password.empty());

  auto defaults = parse_redis_url("redis://cache");
  ASSERT_TRUE(defaults.has_value());
  EXPECT_EQ(defaults->host, "cache");
  EXPECT_EQ(defaults->port, 6379);
  EXPECT_EQ(defaults->database, 0);

  auto secret = parse_redis_url("redis://app:s3cret@127.0.0.1:6379/0");
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(secret->user, "app");
  EXPECT_EQ(secret->password, "s3cret");
  auto password_only = parse_redis_url("redis://:s3cret@127.0.0.1");
  ASSERT_TRUE(password_only.has_value());
  EXPECT_TRUE(password_only->user.empty());
  EXPECT_EQ(password_only->password, "s3cret");
}

TEST(RedisUrl, AnythingElseIsRefused) {
  for (const char* bad : {"", "127.0.0.1:6379", "http://127.0.0.1:6379", "redis://h:0",
                          "redis://h/db", "redis://h/-1", "rediss://h"})
    EXPECT_FALSE(parse_redis_url(bad).has_value()) << bad;
}

TEST(RedisCommand, IsAnArrayOfBulkStrings) {
  EXPECT_EQ(encode_redis_command({"PING"}), "*1\r\n$4\r\nPING\r\n");
  // Binary-safe: lengths, not delimiters, carry the arguments.
  EXPECT_EQ(encode_redis_command({"SET", "k", std::string("a\r\nb\0c", 6)}),
            std::string("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\na\r\nb\0c\r\n", 32));
}

}  // namespace
}  // namespace tandem::platform
