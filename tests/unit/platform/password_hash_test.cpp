#include "platform/password_hash.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace tandem::platform {
namespace {

// Far below any production cost: keeps the argon2id tests in the millisecond range.
constexpr Argon2Cost kCheap{1, 64 * 1024};

std::string scheme_name(PasswordScheme scheme) {
  switch (scheme) {
    case PasswordScheme::argon2id:
      return "argon2id";
    case PasswordScheme::werkzeug_pbkdf2:
      return "werkzeug_pbkdf2";
    case PasswordScheme::werkzeug_scrypt:
      return "werkzeug_scrypt";
    case PasswordScheme::bcrypt:
      return "bcrypt";
    case PasswordScheme::plaintext_legacy:
      return "plaintext_legacy";
    case PasswordScheme::unknown:
      return "unknown";
  }
  return "?";
}

const boost::json::array& vectors() {
  static const boost::json::value file = [] {
    const std::string path = std::string(TANDEM_TEST_DATA_DIR) + "/password_vectors.json";
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot open " << path;
    std::stringstream buffer;
    buffer << in.rdbuf();
    return boost::json::parse(buffer.str());
  }();
  return file.at("vectors").as_array();
}

std::string vector_hash(std::string_view name) {
  for (const auto& v : vectors()) {
    if (v.at("name").as_string() == name) return std::string(v.at("hash").as_string());
  }
  ADD_FAILURE() << "no vector named " << name;
  return {};
}

// --- vectors made by werkzeug, python bcrypt, hashlib.scrypt and libargon2 --------------------

TEST(PasswordVectors, VerifyAndClassifyAsRecorded) {
  ASSERT_GE(vectors().size(), 60u);
  std::map<std::string, int> accepted_by_scheme;
  for (const auto& entry : vectors()) {
    const auto& v = entry.as_object();
    SCOPED_TRACE(std::string(v.at("name").as_string()));
    const std::string stored(v.at("hash").as_string());
    const std::string scheme(v.at("scheme").as_string());

    EXPECT_EQ(scheme_name(detect_password_scheme(stored)), scheme);
    for (const auto& password : v.at("accepts").as_array()) {
      EXPECT_TRUE(verify_password(password.as_string(), stored)) << password;
      ++accepted_by_scheme[scheme];
    }
    for (const auto& password : v.at("rejects").as_array()) {
      EXPECT_FALSE(verify_password(password.as_string(), stored)) << password;
    }
    // Nothing in the file uses the default argon2id cost, so every entry wants a rehash.
    EXPECT_TRUE(password_needs_rehash(stored));
    if (const auto* cost = v.if_contains("argon2_cost")) {
      const Argon2Cost own{cost->at("opslimit").to_number<unsigned long long>(),
                           cost->at("memlimit").to_number<std::size_t>()};
      EXPECT_FALSE(password_needs_rehash(stored, own));
    }
  }
  // Each supported legacy format keeps at least one positive case in the file.
  for (const char* scheme : {"argon2id", "werkzeug_pbkdf2", "werkzeug_scrypt", "bcrypt"}) {
    EXPECT_GE(accepted_by_scheme[scheme], 2) << scheme;
  }
  EXPECT_EQ(accepted_by_scheme.count("unknown"), 0u);
  EXPECT_EQ(accepted_by_scheme.count("plaintext_legacy"), 0u);
}

// --- argon2id --------------------------------------------------------------------------------

TEST(Argon2id, RoundTrip) {
  const std::string hash = hash_password("correct horse battery staple", kCheap);
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=64,t=1,p=1$", 0), 0u) << hash;
  EXPECT_EQ(detect_password_scheme(hash), PasswordScheme::argon2id);
  EXPECT_TRUE(verify_password("correct horse battery staple", hash));
  EXPECT_FALSE(verify_password("correct horse battery stapl", hash));
  EXPECT_FALSE(verify_password("", hash));
}

TEST(Argon2id, SaltIsRandom) {
  const std::string a = hash_password("same", kCheap);
  const std::string b = hash_password("same", kCheap);
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password("same", a));
  EXPECT_TRUE(verify_password("same", b));
}

TEST(Argon2id, PasswordsAreBytesNotCStrings) {
  const std::string with_nul("a\0b", 3);
  const std::string hash = hash_password(with_nul, kCheap);
  EXPECT_TRUE(verify_password(with_nul, hash));
  EXPECT_FALSE(verify_password("a", hash));
  EXPECT_FALSE(verify_password(std::string("a\0c", 3), hash));

  const std::string empty_hash = hash_password("", kCheap);
  EXPECT_TRUE(verify_password("", empty_hash));
  EXPECT_FALSE(verify_password(std::string(1, '\0'), empty_hash));

  const std::string long_password(10000, 'p');
  const std::string long_hash = hash_password(long_password, kCheap);
  EXPECT_TRUE(verify_password(long_password, long_hash));
  EXPECT_FALSE(verify_password(long_password.substr(1), long_hash));
}

TEST(Argon2id, DefaultCostIsInteractive) {
  const Argon2Cost cost = default_argon2_cost();
  EXPECT_EQ(cost.opslimit, 2u);
  EXPECT_EQ(cost.memlimit, 64u * 1024 * 1024);

  const auto start = std::chrono::steady_clock::now();
  const std::string hash = hash_password("default cost");
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  RecordProperty("default_hash_ms", static_cast<int>(elapsed.count()));
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << hash;
  EXPECT_TRUE(verify_password("default cost", hash));
  EXPECT_FALSE(password_needs_rehash(hash));
}

TEST(Argon2id, RejectsCostsOutsideLibsodiumLimits) {
  EXPECT_THROW(hash_password("x", Argon2Cost{0, 64 * 1024}), std::invalid_argument);
  EXPECT_THROW(hash_password("x", Argon2Cost{1, 1024}), std::invalid_argument);
}

TEST(Rehash, FollowsSchemeAndCost) {
  const std::string cheap = hash_password("pw", kCheap);
  EXPECT_FALSE(password_needs_rehash(cheap, kCheap));
  EXPECT_TRUE(password_needs_rehash(cheap));
  EXPECT_TRUE(password_needs_rehash(cheap, Argon2Cost{2, 64 * 1024}));
  EXPECT_TRUE(password_needs_rehash(cheap, Argon2Cost{1, 128 * 1024}));

  EXPECT_TRUE(password_needs_rehash(vector_hash("pbkdf2 sha256 1000 iterations")));
  EXPECT_TRUE(password_needs_rehash(vector_hash("scrypt 16384:8:1")));
  EXPECT_TRUE(password_needs_rehash(vector_hash("bcrypt $2b$ cost 4, flowtrack demo password")));
  EXPECT_TRUE(password_needs_rehash("admin123"));
  EXPECT_TRUE(password_needs_rehash(""));
  EXPECT_TRUE(password_needs_rehash("$argon2id$garbage"));
}

TEST(DummyHash, IsStableDefaultCostArgon2idThatNothingMatches) {
  const std::string& first = dummy_password_hash();
  const std::string& second = dummy_password_hash();
  EXPECT_EQ(&first, &second);
  EXPECT_EQ(detect_password_scheme(first), PasswordScheme::argon2id);
  EXPECT_FALSE(password_needs_rehash(first));
  for (const char* guess : {"", "password", "admin123", "dummy"}) {
    EXPECT_FALSE(verify_password(guess, first)) << guess;
  }
}

// --- classification and refusal --------------------------------------------------------------

TEST(DetectScheme, ByPrefix) {
  EXPECT_EQ(detect_password_scheme("$argon2id$v=19$m=65536,t=2,p=1$a$b"), PasswordScheme::argon2id);
  EXPECT_EQ(detect_password_scheme("pbkdf2:sha256:260000$s$h"), PasswordScheme::werkzeug_pbkdf2);
  EXPECT_EQ(detect_password_scheme("scrypt:32768:8:1$s$h"), PasswordScheme::werkzeug_scrypt);
  EXPECT_EQ(detect_password_scheme("scrypt$s$h"), PasswordScheme::werkzeug_scrypt);
  EXPECT_EQ(detect_password_scheme("$2a$10$x"), PasswordScheme::bcrypt);
  EXPECT_EQ(detect_password_scheme("$2b$10$x"), PasswordScheme::bcrypt);
  EXPECT_EQ(detect_password_scheme("$2y$10$x"), PasswordScheme::bcrypt);
  EXPECT_EQ(detect_password_scheme("hunter2"), PasswordScheme::plaintext_legacy);
  EXPECT_EQ(detect_password_scheme("plain$$hunter2"), PasswordScheme::plaintext_legacy);
  EXPECT_EQ(detect_password_scheme("Pass$word$1"), PasswordScheme::plaintext_legacy);
  EXPECT_EQ(detect_password_scheme(""), PasswordScheme::unknown);
  EXPECT_EQ(detect_password_scheme("$argon2i$v=19$m=4096,t=2,p=1$a$b"), PasswordScheme::unknown);
  EXPECT_EQ(detect_password_scheme("$argon2d$v=19$m=4096,t=2,p=1$a$b"), PasswordScheme::unknown);
  EXPECT_EQ(detect_password_scheme("$1$salt$hash"), PasswordScheme::unknown);
  EXPECT_EQ(detect_password_scheme("$2x$10$x"), PasswordScheme::unknown);
  EXPECT_EQ(detect_password_scheme("sha1$salt$hash"), PasswordScheme::unknown);
  EXPECT_EQ(detect_password_scheme("pbkdf2"), PasswordScheme::plaintext_legacy);
}

TEST(VerifyPassword, PlainTextIsNeverACredential) {
  EXPECT_FALSE(verify_password("hunter2", "hunter2"));
  EXPECT_FALSE(verify_password("hunter2", "plain$$hunter2"));
  EXPECT_FALSE(verify_password("", ""));
}

TEST(VerifyPassword, BcryptPasswordWithNulDoesNotMatchItsPrefix) {
  const std::string hash = vector_hash("bcrypt $2b$ cost 4, flowtrack demo password");
  ASSERT_TRUE(verify_password("1234", hash));
  EXPECT_FALSE(verify_password(std::string("1234\0", 5), hash));
  EXPECT_FALSE(verify_password(std::string("1234\0abc", 8), hash));
}

TEST(VerifyPassword, MutatedHashesNeverVerifyOrThrow) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1234", vector_hash("bcrypt $2b$ cost 4, flowtrack demo password")},
      {"correct horse battery staple", vector_hash("pbkdf2 sha256 1000 iterations")},
      {"cheap", vector_hash("scrypt 1024:1:1")},
      {"tandem", vector_hash("argon2id reference t=2 m=4096 p=1")},
  };
  for (const auto& [password, hash] : cases) {
    ASSERT_TRUE(verify_password(password, hash)) << hash;
    for (std::size_t i = 0; i < hash.size(); ++i) {
      std::string mutated = hash;
      mutated[i] = '!';  // invalid in every field of every format
      bool result = true;
      EXPECT_NO_THROW(result = verify_password(password, mutated));
      EXPECT_FALSE(result) << mutated;
      EXPECT_NO_THROW(result = verify_password(password, hash.substr(0, i)));
      EXPECT_FALSE(result) << "prefix " << i << " of " << hash;
    }
  }
}

TEST(VerifyPassword, IsThreadSafe) {
  const std::string argon = hash_password("shared", kCheap);
  const std::string bcrypt = vector_hash("bcrypt $2b$ cost 4, flowtrack demo password");
  const std::string pbkdf2 = vector_hash("pbkdf2 sha256 1000 iterations");
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        failures[t] += !verify_password("shared", argon);
        failures[t] += !verify_password("1234", bcrypt);
        failures[t] += !verify_password("correct horse battery staple", pbkdf2);
        failures[t] += verify_password("wrong", bcrypt);
        failures[t] += dummy_password_hash().empty();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace tandem::platform
