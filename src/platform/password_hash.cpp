#include "platform/password_hash.hpp"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <array>
#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace tandem::platform {
namespace {

constexpr std::uint64_t kMaxPbkdf2Iterations = 10'000'000;
constexpr std::uint64_t kMaxScryptMemory = 512ull * 1024 * 1024;
constexpr std::uint64_t kMaxScryptParallelism = 16;
constexpr int kMaxBcryptCost = 20;

// Werkzeug 2.2's DEFAULT_PBKDF2_ITERATIONS, applied by Werkzeug when the method string omits the
// count ("pbkdf2:sha256$salt$hex"). TeamFlow ran Werkzeug 2.2; Werkzeug 3 raised the default,
// but every Werkzeug version writes the count explicitly, so only hand-made rows lack it.
constexpr std::uint64_t kWerkzeugDefaultPbkdf2Iterations = 260'000;

// Werkzeug 3's defaults for a bare "scrypt" method.
constexpr std::uint64_t kWerkzeugScryptN = 32768;
constexpr std::uint64_t kWerkzeugScryptR = 8;
constexpr std::uint64_t kWerkzeugScryptP = 1;
constexpr std::size_t kWerkzeugScryptKeyLength = 64;

// bcrypt consumes at most 72 key bytes; libxcrypt refuses phrases over 512 bytes instead of
// truncating, so truncating first keeps long passwords verifiable like Python's bcrypt does.
constexpr std::size_t kBcryptKeyBytes = 72;
constexpr std::size_t kBcryptHashLength = 60;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::optional<std::uint64_t> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

std::string to_lower_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0x0f]);
  }
  return out;
}

// Werkzeug compares hex strings (hmac.compare_digest on str), so an upper-case stored digest
// never matches there; comparing our lower-case hex the same way keeps identical outcomes.
bool equal_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

struct WerkzeugParts {
  std::string_view method;
  std::string_view salt;
  std::string_view digest;
};

// Werkzeug's pwhash.split("$", 2): the digest keeps any further '$' (and then cannot match).
std::optional<WerkzeugParts> split_werkzeug(std::string_view stored) {
  const std::size_t first = stored.find('$');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = stored.find('$', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  return WerkzeugParts{stored.substr(0, first), stored.substr(first + 1, second - first - 1),
                       stored.substr(second + 1)};
}

const EVP_MD* pbkdf2_digest(std::string_view name) {
  if (name == "sha256") return EVP_sha256();
  if (name == "sha512") return EVP_sha512();
  if (name == "sha1") return EVP_sha1();
  if (name == "sha384") return EVP_sha384();
  if (name == "sha224") return EVP_sha224();
  return nullptr;
}

bool verify_werkzeug_pbkdf2(std::string_view password, std::string_view stored) {
  const auto parts = split_werkzeug(stored);
  if (!parts) return false;
  std::string_view args = parts->method.substr(std::string_view("pbkdf2:").size());
  std::string_view digest_name = args;
  std::uint64_t iterations = kWerkzeugDefaultPbkdf2Iterations;
  if (const std::size_t colon = args.find(':'); colon != std::string_view::npos) {
    digest_name = args.substr(0, colon);
    const auto parsed = parse_decimal(args.substr(colon + 1));
    if (!parsed) return false;
    iterations = *parsed;
  }
  const EVP_MD* md = pbkdf2_digest(digest_name);
  if (md == nullptr || iterations == 0 || iterations > kMaxPbkdf2Iterations) return false;
  if (password.size() > INT_MAX || parts->salt.size() > INT_MAX) return false;

  const int key_length = EVP_MD_get_size(md);
  if (key_length <= 0) return false;
  std::vector<unsigned char> key(static_cast<std::size_t>(key_length));
  const int ok = PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                                   reinterpret_cast<const unsigned char*>(parts->salt.data()),
                                   static_cast<int>(parts->salt.size()),
                                   static_cast<int>(iterations), md, key_length, key.data());
  const std::string hex = to_lower_hex(key.data(), key.size());
  OPENSSL_cleanse(key.data(), key.size());
  return ok == 1 && equal_constant_time(hex, parts->digest);
}

bool verify_werkzeug_scrypt(std::string_view password, std::string_view stored) {
  const auto parts = split_werkzeug(stored);
  if (!parts) return false;
  std::uint64_t n = kWerkzeugScryptN;
  std::uint64_t r = kWerkzeugScryptR;
  std::uint64_t p = kWerkzeugScryptP;
  if (parts->method != "scrypt") {
    std::string_view args = parts->method.substr(std::string_view("scrypt:").size());
    std::array<std::uint64_t*, 3> targets{&n, &r, &p};
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const std::size_t colon = args.find(':');
      const bool last = i + 1 == targets.size();
      if (last != (colon == std::string_view::npos)) return false;
      const auto parsed = parse_decimal(last ? args : args.substr(0, colon));
      if (!parsed) return false;
      *targets[i] = *parsed;
      if (!last) args.remove_prefix(colon + 1);
    }
  }
  if (n < 2 || (n & (n - 1)) != 0 || n > (1ull << 24) || r == 0 || r > 1024 || p == 0 ||
      p > kMaxScryptParallelism) {
    return false;
  }
  // OpenSSL's own accounting of what scrypt allocates: B (128*r*p) plus V and XY (128*r*(N+2)).
  const std::uint64_t memory = 128 * r * (n + 2) + 128 * r * p;
  if (memory > kMaxScryptMemory) return false;

  std::array<unsigned char, kWerkzeugScryptKeyLength> key{};
  const int ok = EVP_PBE_scrypt(
      password.data(), password.size(), reinterpret_cast<const unsigned char*>(parts->salt.data()),
      parts->salt.size(), n, r, p, kMaxScryptMemory, key.data(), key.size());
  const std::string hex = to_lower_hex(key.data(), key.size());
  OPENSSL_cleanse(key.data(), key.size());
  return ok == 1 && equal_constant_time(hex, parts->digest);
}

bool is_bcrypt_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '/';
}

bool verify_bcrypt(std::string_view password, std::string_view stored) {
  // "$2b$" + two-digit cost + "$" + 22 salt chars + 31 hash chars.
  if (stored.size() != kBcryptHashLength || stored[6] != '$') return false;
  const auto cost = parse_decimal(stored.substr(4, 2));
  if (!cost || *cost < 4 || *cost > static_cast<std::uint64_t>(kMaxBcryptCost)) return false;
  for (const char c : stored.substr(7)) {
    if (!is_bcrypt_char(c)) return false;
  }
  // crypt() takes C strings; a password with NUL cannot be what the hash was made from.
  if (password.find('\0') != std::string_view::npos) return false;

  const std::string phrase(password.substr(0, kBcryptKeyBytes));
  const std::string setting(stored);
  auto data = std::make_unique<crypt_data>();
  const char* result = crypt_rn(phrase.c_str(), setting.c_str(), data.get(), sizeof(crypt_data));
  const bool match = result != nullptr && equal_constant_time(result, stored);
  OPENSSL_cleanse(data.get(), sizeof(crypt_data));
  return match;
}

// libsodium reads a NUL-terminated string of at most crypto_pwhash_argon2id_STRBYTES bytes.
std::optional<std::array<char, crypto_pwhash_argon2id_STRBYTES>> argon2_buffer(
    std::string_view stored) {
  if (stored.size() >= crypto_pwhash_argon2id_STRBYTES) return std::nullopt;
  if (stored.find('\0') != std::string_view::npos) return std::nullopt;
  std::array<char, crypto_pwhash_argon2id_STRBYTES> buffer{};
  stored.copy(buffer.data(), stored.size());
  return buffer;
}

bool verify_argon2id(std::string_view password, std::string_view stored) {
  if (!sodium_ready()) return false;
  const auto buffer = argon2_buffer(stored);
  if (!buffer) return false;
  return crypto_pwhash_argon2id_str_verify(buffer->data(), password.data(), password.size()) == 0;
}

bool looks_like_unsupported_hash(std::string_view stored) {
  if (stored.empty() || stored.front() == '$') return true;
  // Werkzeug's other methods ("sha256$salt$hex", "md5$$hex"): a lower-case method name, then
  // two '$'-separated fields.
  const auto parts = split_werkzeug(stored);
  if (!parts || parts->method.empty()) return false;
  for (const char c : parts->method) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

}  // namespace

PasswordScheme detect_password_scheme(std::string_view stored_hash) {
  if (starts_with(stored_hash, "$argon2id$")) return PasswordScheme::argon2id;
  if (starts_with(stored_hash, "pbkdf2:")) return PasswordScheme::werkzeug_pbkdf2;
  if (starts_with(stored_hash, "scrypt:") || starts_with(stored_hash, "scrypt$")) {
    return PasswordScheme::werkzeug_scrypt;
  }
  if (starts_with(stored_hash, "$2a$") || starts_with(stored_hash, "$2b$") ||
      starts_with(stored_hash, "$2y$")) {
    return PasswordScheme::bcrypt;
  }
  if (starts_with(stored_hash, "plain$")) return PasswordScheme::plaintext_legacy;
  if (looks_like_unsupported_hash(stored_hash)) return PasswordScheme::unknown;
  return PasswordScheme::plaintext_legacy;
}

Argon2Cost default_argon2_cost() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

std::string hash_password(std::string_view password, Argon2Cost cost) {
  if (cost.opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      cost.opslimit > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
      cost.memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      cost.memlimit > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    throw std::invalid_argument("argon2id cost outside libsodium's limits");
  }
  if (!sodium_ready()) throw std::runtime_error("libsodium initialisation failed");
  std::array<char, crypto_pwhash_argon2id_STRBYTES> out{};
  if (crypto_pwhash_argon2id_str(out.data(), password.data(), password.size(), cost.opslimit,
                                 cost.memlimit) != 0) {
    throw std::runtime_error("argon2id hashing failed (out of memory?)");
  }
  return std::string(out.data());
}

bool verify_password(std::string_view password, std::string_view stored_hash) {
  try {
    switch (detect_password_scheme(stored_hash)) {
      case PasswordScheme::argon2id:
        return verify_argon2id(password, stored_hash);
      case PasswordScheme::werkzeug_pbkdf2:
        return verify_werkzeug_pbkdf2(password, stored_hash);
      case PasswordScheme::werkzeug_scrypt:
        return verify_werkzeug_scrypt(password, stored_hash);
      case PasswordScheme::bcrypt:
        return verify_bcrypt(password, stored_hash);
      case PasswordScheme::plaintext_legacy:
      case PasswordScheme::unknown:
        return false;
    }
  } catch (...) {
    // Only allocation can throw here; a login must fail closed rather than propagate.
  }
  return false;
}

bool password_needs_rehash(std::string_view stored_hash, Argon2Cost cost) {
  if (detect_password_scheme(stored_hash) != PasswordScheme::argon2id) return true;
  if (!sodium_ready()) return true;
  const auto buffer = argon2_buffer(stored_hash);
  if (!buffer) return true;
  return crypto_pwhash_argon2id_str_needs_rehash(buffer->data(), cost.opslimit, cost.memlimit) != 0;
}

const std::string& dummy_password_hash() {
  static const std::string hash = [] {
    if (!sodium_ready()) throw std::runtime_error("libsodium initialisation failed");
    std::array<unsigned char, 32> secret{};
    randombytes_buf(secret.data(), secret.size());
    std::string result = hash_password(
        std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()));
    sodium_memzero(secret.data(), secret.size());
    return result;
  }();
  return hash;
}

}  // namespace tandem::platform
