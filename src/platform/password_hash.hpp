#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tandem::platform {

enum class PasswordScheme {
  argon2id,          // "$argon2id$v=19$m=...,t=...,p=...$salt$hash" (ours, libsodium/PHC format)
  werkzeug_pbkdf2,   // "pbkdf2:<digest>[:<iterations>]$<salt>$<hex>" (TeamFlow, Werkzeug 2.x)
  werkzeug_scrypt,   // "scrypt[:<n>:<r>:<p>]$<salt>$<hex>" (Werkzeug 3 default)
  bcrypt,            // "$2a$" / "$2b$" / "$2y$" (FlowTrack, passlib)
  plaintext_legacy,  // not a hash at all (Beyo stored passwords as plain text), or Werkzeug
                     // "plain$$"
  unknown,           // empty, or shaped like a hash we do not support ("$6$...", "sha256$salt$hex")
};

// Classifies by prefix only; a well-prefixed but corrupt value still reports its scheme and then
// fails verify_password.
PasswordScheme detect_password_scheme(std::string_view stored_hash);

struct Argon2Cost {
  unsigned long long opslimit;
  std::size_t memlimit;  // bytes
};

// libsodium's INTERACTIVE argon2id limits: 2 passes over 64 MiB, about 50-100 ms on a current
// server core (design budget for a login hash: 50-250 ms, run on the blocking pool).
Argon2Cost default_argon2_cost();

// New argon2id hash in libsodium's string format, random salt. Throws std::invalid_argument when
// the cost is outside libsodium's argon2id limits and std::runtime_error when hashing fails (out
// of memory).
std::string hash_password(std::string_view password, Argon2Cost cost = default_argon2_cost());

// Never throws. Returns false for plaintext_legacy and unknown values (plain text is never
// accepted as a credential: such rows must be re-hashed by an import step) and for any value that
// does not parse. Derived values are compared with CRYPTO_memcmp / libsodium's constant-time
// check. Costs far beyond any real deployment are refused instead of computed, so one corrupt row
// cannot tie up a hashing thread: pbkdf2 iterations > 10,000,000, scrypt needing > 512 MiB or
// p > 16, bcrypt cost > 20.
bool verify_password(std::string_view password, std::string_view stored_hash);

// True when a successful login should re-hash: every non-argon2id value, and argon2id whose
// parameters differ from `cost` (libsodium's crypto_pwhash_str_needs_rehash).
bool password_needs_rehash(std::string_view stored_hash, Argon2Cost cost = default_argon2_cost());

// Default-cost argon2id hash of a random password nobody knows, computed once on first use.
// Verifying against it when the user does not exist makes unknown users cost the same time.
const std::string& dummy_password_hash();

}  // namespace tandem::platform
