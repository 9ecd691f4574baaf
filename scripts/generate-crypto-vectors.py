#!/usr/bin/python3
"""Regenerates tests/unit/data/{jwt,password}_vectors.json from the real Python libraries.

Run with Debian's interpreter, which has the pinned libraries the originals used:
    /usr/bin/python3 scripts/generate-crypto-vectors.py          # rewrite the files
    /usr/bin/python3 scripts/generate-crypto-vectors.py --check  # exit 1 if they are stale

Libraries: PyJWT 2.6 (python3-jwt), Werkzeug 2.2 (python3-werkzeug), bcrypt (python3-bcrypt),
hashlib.scrypt (OpenSSL) for Werkzeug 3's scrypt format, and the reference Argon2 library
(libargon2.so.1, through ctypes) for argon2id hashes made by an implementation other than
libsodium.

Output is deterministic (fixed clock, seeded salts), so re-running yields no diff. Every vector
is checked against the producing library before it is written: tokens are decoded by PyJWT with
the same clock and options, and password hashes are verified by werkzeug / bcrypt / hashlib.
Where Tandem deliberately answers differently from PyJWT or Werkzeug, the vector says so in
"divergence"; the generator asserts that the difference is real, so the notes cannot go stale.
"""

import argparse
import base64
import ctypes
import datetime as dt
import hashlib
import hmac
import json
import pathlib
import random
import sys

import bcrypt
import jwt
import jwt.api_jwt
import werkzeug
import werkzeug.security

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "tests" / "unit" / "data"

NOW = 1_700_000_000  # 2023-11-14T22:13:20Z
SECRET = "tandem-unit-test-secret-7c1f0e5a"
OTHER_SECRET = "some-other-secret-entirely"

# ---------------------------------------------------------------------------------------------
# JWT


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def compact(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode("utf-8")


def handmade(header_bytes: bytes, payload_bytes: bytes, key: str = SECRET) -> str:
    """A token PyJWT's encoder cannot produce (odd headers or payloads), signed with HS256."""
    signing_input = f"{b64url(header_bytes)}.{b64url(payload_bytes)}"
    mac = hmac.new(key.encode("utf-8"), signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(mac)}"


B64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def strict_b64url_ok(segment: str) -> bool:
    """Mirror of tandem::platform::base64url_decode's acceptance rule."""
    if len(segment) % 4 == 1 or any(c not in B64URL_ALPHABET for c in segment):
        return False
    leftover_bits = (len(segment) * 6) % 8
    if leftover_bits and segment:
        last = B64URL_ALPHABET.index(segment[-1])
        if last & ((1 << leftover_bits) - 1):
            return False
    return True


def tandem_strict_parse_ok(token: str) -> bool:
    parts = token.split(".")
    return len(parts) == 3 and all(strict_b64url_ok(p) for p in parts)


STRICT_BASE64_NOTE = ("Python's base64 decoder is lenient (padding, stray characters, spare bits); "
                      "Tandem's base64url is strict and canonical")

PYJWT_TO_TANDEM = {
    "ok": "ok",
    "DecodeError": "malformed",
    "InvalidIssuedAtError": "malformed",
    "InvalidAlgorithmError": "bad_algorithm",
    "InvalidSignatureError": "bad_signature",
    "ExpiredSignatureError": "expired",
    "ImmatureSignatureError": "not_yet_valid",
    "MissingRequiredClaimError": "missing_exp",
}


class FrozenDatetime(dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return dt.datetime.fromtimestamp(FrozenDatetime.frozen, tz=tz)


def pyjwt_outcome(token, key, now, leeway, require_exp):
    FrozenDatetime.frozen = now
    original = jwt.api_jwt.datetime
    jwt.api_jwt.datetime = FrozenDatetime
    try:
        jwt.decode(
            token,
            key,
            algorithms=["HS256"],
            leeway=leeway,
            options={"require": ["exp"] if require_exp else []},
        )
        return "ok"
    except jwt.PyJWTError as e:
        return type(e).__name__
    except Exception as e:  # PyJWT lets some malformed claims escape as TypeError
        return "crash:" + type(e).__name__
    finally:
        jwt.api_jwt.datetime = original


def signable_by_tandem(claims) -> bool:
    """True when JwtSigner::sign must reproduce PyJWT's bytes: no floats (Boost.JSON writes
    1.5 as 1.5E0), only printable ASCII (PyJWT escapes the rest as \\uXXXX, Boost.JSON writes
    UTF-8), integers inside Boost.JSON's int64/uint64 range."""

    def ok(v):
        if isinstance(v, bool) or v is None:
            return True
        if isinstance(v, int):
            return -(2**63) <= v < 2**64
        if isinstance(v, float):
            return False
        if isinstance(v, str):
            return all(0x20 <= ord(c) < 0x7F for c in v)
        if isinstance(v, list):
            return all(ok(x) for x in v)
        if isinstance(v, dict):
            return all(ok(k) and ok(x) for k, x in v.items())
        return False

    return isinstance(claims, dict) and ok(claims)


def jwt_vectors():
    vectors = []

    def add(name, token, *, key=SECRET, now=NOW, leeway=0, require_exp=True, divergence=None,
            expected=None, sign_claims=None):
        pyjwt = pyjwt_outcome(token, key, now, leeway, require_exp)
        if not tandem_strict_parse_ok(token):
            tandem = "malformed"
            if PYJWT_TO_TANDEM.get(pyjwt) != tandem and divergence is None:
                divergence = STRICT_BASE64_NOTE
        elif expected is not None:
            tandem = expected
        else:
            assert pyjwt in PYJWT_TO_TANDEM, (name, pyjwt)
            tandem = PYJWT_TO_TANDEM[pyjwt]
        # Every difference from PyJWT must be declared, and every declared one must be real.
        same = PYJWT_TO_TANDEM.get(pyjwt) == tandem
        assert same == (divergence is None), (name, pyjwt, tandem, divergence)
        vector = {
            "name": name,
            "token": token,
            "secret": key,
            "now": now,
            "leeway": leeway,
            "require_exp": require_exp,
            "expected": tandem,
            "pyjwt": pyjwt,
        }
        if divergence:
            vector["divergence"] = divergence
        reproducible = sign_claims is not None and signable_by_tandem(sign_claims)
        if tandem == "ok" or reproducible:
            payload_segment = token.split(".")[1]
            padded = payload_segment + "=" * (-len(payload_segment) % 4)
            vector["claims"] = json.loads(base64.urlsafe_b64decode(padded))
        if reproducible:
            assert token == jwt.encode(sign_claims, key, algorithm="HS256")
            assert list(vector["claims"].items()) == list(sign_claims.items())
            vector["sign_reproduces_token"] = True
        vectors.append(vector)

    def minted(name, claims, **kw):
        key = kw.get("key", SECRET)
        add(name, jwt.encode(claims, key, algorithm="HS256"), sign_claims=claims, **kw)

    access = {
        "sub": "42",
        "jti": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "type": "access",
        "iat": NOW - 10,
        "exp": NOW + 3600,
    }
    minted("access token, all standard claims", access)
    minted("teamflow legacy token, no exp, require_exp=false",
           {"user_id": 1, "username": "admin"}, require_exp=False)
    minted("teamflow legacy token, no exp, require_exp=true", {"user_id": 1, "username": "admin"})
    minted("unicode claims", {"sub": "7", "name": "Zoë Åström 日本語 🚀", "exp": NOW + 60})
    minted("nested claims, arrays, bools, null",
           {"sub": "9", "roles": ["admin", "gatekeeper"], "meta": {"a": None, "b": True, "c": [1, 2]},
            "exp": NOW + 60})
    minted("kpi-style claims with email", {"email": "a.b@example.com", "user_id": 3, "exp": NOW + 3600})
    minted("long claim value", {"sub": "1", "blob": "x" * 8000, "exp": NOW + 60})
    minted("long secret (longer than the HMAC block)", {"sub": "1", "exp": NOW + 60}, key="k" * 200)
    minted("non-ascii secret", {"sub": "1", "exp": NOW + 60}, key="sécret-ключ-🔑")

    # exp boundaries: PyJWT rejects when exp <= now - leeway.
    minted("exp one second ahead", {"sub": "1", "exp": NOW + 1})
    minted("exp equal to now", {"sub": "1", "exp": NOW})
    minted("exp one second ago", {"sub": "1", "exp": NOW - 1})
    minted("exp 5s ago within 10s leeway", {"sub": "1", "exp": NOW - 5}, leeway=10)
    minted("exp 10s ago with 10s leeway", {"sub": "1", "exp": NOW - 10}, leeway=10)
    minted("exp in the past, require_exp=false still checks it", {"sub": "1", "exp": NOW - 100},
           require_exp=False)
    minted("negative exp", {"sub": "1", "exp": -1})
    minted("float exp truncated to now", {"sub": "1", "exp": NOW + 0.5})
    minted("float exp 1.5s ahead", {"sub": "1", "exp": NOW + 1.5})
    minted("exp far future (year 5138)", {"sub": "1", "exp": 99_999_999_999})
    minted("exp beyond int64", {"sub": "1", "exp": 2**63 + 5})
    minted("exp beyond uint64", {"sub": "1", "exp": 2**64 + 5})
    minted("exp null with require_exp", {"sub": "1", "exp": None})
    minted("exp null without require_exp", {"sub": "1", "exp": None}, require_exp=False,
           expected="malformed",
           divergence="PyJWT 2.6 raises TypeError from int(None); Tandem reports malformed")
    minted("exp non-numeric string", {"sub": "1", "exp": "tomorrow"})
    minted("exp numeric string", {"sub": "1", "exp": str(NOW + 3600)}, expected="malformed",
           divergence="PyJWT accepts int('1700003600'); Tandem requires a JSON number")
    minted("exp boolean", {"sub": "1", "exp": True}, expected="malformed",
           divergence="PyJWT treats true as 1 (expired); Tandem requires a JSON number")

    # nbf: PyJWT rejects when nbf > now + leeway.
    minted("nbf equal to now", {"sub": "1", "nbf": NOW, "exp": NOW + 60})
    minted("nbf one second ahead", {"sub": "1", "nbf": NOW + 1, "exp": NOW + 60})
    minted("nbf 5s ahead within 5s leeway", {"sub": "1", "nbf": NOW + 5, "exp": NOW + 60}, leeway=5)
    minted("nbf 6s ahead with 5s leeway", {"sub": "1", "nbf": NOW + 6, "exp": NOW + 60}, leeway=5)
    minted("float nbf truncated", {"sub": "1", "nbf": NOW + 0.9, "exp": NOW + 60})
    minted("nbf ahead and exp past: nbf reported first", {"sub": "1", "nbf": NOW + 100, "exp": NOW - 100})
    minted("nbf non-numeric", {"sub": "1", "nbf": "now", "exp": NOW + 60})

    # iat
    minted("iat non-numeric", {"sub": "1", "iat": "yesterday", "exp": NOW + 60})
    minted("iat in the future", {"sub": "1", "iat": NOW + 3600, "exp": NOW + 7200}, expected="ok",
           divergence="PyJWT 2.6 rejects a future iat (ImmatureSignatureError); Tandem only "
                      "type-checks iat")
    minted("iat float", {"sub": "1", "iat": NOW - 0.25, "exp": NOW + 60})

    # Algorithms
    claims = {"sub": "1", "exp": NOW + 60}
    add("alg none, empty signature", jwt.encode(claims, None, algorithm="none"))
    hs256 = jwt.encode(claims, SECRET, algorithm="HS256")
    none_token = jwt.encode(claims, None, algorithm="none")
    add("alg none carrying a valid HS256 signature", none_token + hs256.split(".")[2])
    add("HS512 with the right secret", jwt.encode(claims, SECRET, algorithm="HS512"))
    add("HS384 with the right secret", jwt.encode(claims, SECRET, algorithm="HS384"))
    add("alg lower-case hs256", handmade(compact({"alg": "hs256", "typ": "JWT"}), compact(claims)))
    add("alg null", jwt.encode(claims, SECRET, algorithm="HS256", headers={"alg": None}))
    add("alg missing", handmade(compact({"typ": "JWT"}), compact(claims)))
    add("alg not a string", handmade(compact({"alg": 256, "typ": "JWT"}), compact(claims)))
    add("header without typ", handmade(compact({"alg": "HS256"}), compact(claims)))
    add("header with kid", jwt.encode(claims, SECRET, algorithm="HS256", headers={"kid": "k1"}))
    add("header is a JSON array", handmade(b"[]", compact(claims)))
    add("header is not JSON", handmade(b"{alg:HS256}", compact(claims)))

    # Signatures
    add("signed with another secret", jwt.encode(claims, OTHER_SECRET, algorithm="HS256"))
    h, p, s = hs256.split(".")
    forged_payload = b64url(compact({"sub": "1", "exp": NOW + 999999}))
    add("payload swapped, signature kept", f"{h}.{forged_payload}.{s}")
    flipped = s[:10] + ("A" if s[10] != "A" else "B") + s[11:]
    add("signature character flipped", f"{h}.{p}.{flipped}")
    add("signature empty", f"{h}.{p}.")
    add("signature of the admin token on a user token",
        f"{h}.{b64url(compact({'sub': '2', 'exp': NOW + 60}))}.{s}")
    add("signature truncated by 3 characters", f"{h}.{p}.{s[:-3]}")
    add("signature truncated by 1 character", f"{h}.{p}.{s[:-1]}")
    add("signature truncated by 2 characters", f"{h}.{p}.{s[:-2]}")
    last = B64URL_ALPHABET.index(s[-1])
    noncanonical = s[:-1] + B64URL_ALPHABET[last | 1]
    add("signature with non-zero padding bits", f"{h}.{p}.{noncanonical}")
    add("signature with '=' padding", f"{h}.{p}.{s}=")
    add("trailing newline", f"{hs256}\n")
    add("space inside the payload segment", f"{h}.{p[:5]} {p[5:]}.{s}")
    # '?>?' encodes to 'Pz4_': the payload segment contains '_', which becomes '/' here.
    std_alphabet = handmade(compact({"alg": "HS256", "typ": "JWT"}), compact({"sub": "?>?", "exp": NOW + 60}))
    assert "_" in std_alphabet.split(".")[1]
    add("standard base64 alphabet in payload", std_alphabet.replace("-", "+").replace("_", "/"))

    # Structure
    add("two segments", f"{h}.{p}")
    add("one segment", h)
    add("empty string", "")
    add("four segments", f"{hs256}.{s}")
    add("empty header segment", f".{p}.{s}")
    add("token cut in half", hs256[: len(hs256) // 2])
    add("payload is a JSON array", handmade(compact({"alg": "HS256", "typ": "JWT"}), b"[1,2,3]"))
    add("payload is not JSON", handmade(compact({"alg": "HS256", "typ": "JWT"}), b"not json"))
    add("payload is invalid UTF-8",
        handmade(compact({"alg": "HS256", "typ": "JWT"}), b'{"sub":"\xff\xfe","exp":1800000000}'))
    add("payload with duplicate exp: last one wins",
        handmade(compact({"alg": "HS256", "typ": "JWT"}),
                 ('{"sub":"1","exp":%d,"exp":%d}' % (NOW - 100, NOW + 100)).encode()))
    deep = {"exp": NOW + 60}
    nested = 1
    for _ in range(40):
        nested = [nested]
    deep["deep"] = nested
    add("payload nested 40 levels", jwt.encode(deep, SECRET, algorithm="HS256"), expected="malformed",
        divergence="Boost.JSON's default depth limit (32) rejects what Python's json accepts")
    return vectors


# ---------------------------------------------------------------------------------------------
# Passwords

RNG = random.Random(20240611)
SALT_CHARS = werkzeug.security.SALT_CHARS
BCRYPT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
STD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def werkzeug_salt(length=16):
    return "".join(RNG.choice(SALT_CHARS) for _ in range(length))


def werkzeug_hash(password, method, salt_length=16):
    """werkzeug.security.generate_password_hash with a seeded salt (its gen_salt is patched)."""
    salt = werkzeug_salt(salt_length)
    original = werkzeug.security.gen_salt
    werkzeug.security.gen_salt = lambda length: salt
    try:
        return werkzeug.security.generate_password_hash(password, method=method)
    finally:
        werkzeug.security.gen_salt = original


def werkzeug3_scrypt(password, n=None, r=None, p=None, salt=None):
    """Werkzeug 3's scrypt format: "scrypt:n:r:p$salt$hex", hashlib.scrypt with
    maxmem=132*n*r*p, dklen 64, salt used as its UTF-8 bytes. A bare "scrypt" method means
    n=2**15, r=8, p=1."""
    salt = salt if salt is not None else werkzeug_salt(16)
    bare = n is None
    n, r, p = (2**15, 8, 1) if bare else (n, r, p)
    key = hashlib.scrypt(password.encode(), salt=salt.encode(), n=n, r=r, p=p,
                         maxmem=132 * n * r * p, dklen=64)
    method = "scrypt" if bare else f"scrypt:{n}:{r}:{p}"
    return f"{method}${salt}${key.hex()}"


def check_werkzeug3_scrypt(stored, password):
    method, salt, digest = stored.split("$", 2)
    args = method.split(":")[1:]
    n, r, p = map(int, args) if args else (2**15, 8, 1)
    key = hashlib.scrypt(password.encode(), salt=salt.encode(), n=n, r=r, p=p,
                         maxmem=132 * n * r * p, dklen=64)
    return hmac.compare_digest(key.hex(), digest)


def bcrypt_salt(prefix, cost):
    raw = bytes(RNG.getrandbits(8) for _ in range(16))
    std = base64.b64encode(raw).decode()[:22]
    return f"${prefix}${cost:02d}${std.translate(str.maketrans(STD_ALPHABET, BCRYPT_ALPHABET))}"


def bcrypt_hash(password, prefix="2b", cost=4):
    return bcrypt.hashpw(password.encode(), bcrypt_salt(prefix, cost).encode()).decode()


_ARGON2 = None


def argon2_reference(password, t, m_kib, p, kind="id"):
    """The reference Argon2 library (libargon2.so.1), v=19, 16-byte seeded salt, 32-byte tag."""
    global _ARGON2
    if _ARGON2 is None:
        _ARGON2 = ctypes.CDLL("libargon2.so.1")
        _ARGON2.argon2_encodedlen.restype = ctypes.c_size_t
        _ARGON2.argon2_encodedlen.argtypes = [ctypes.c_uint32] * 5 + [ctypes.c_int]
        _ARGON2.argon2_verify.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t,
                                          ctypes.c_int]
    type_id = {"d": 0, "i": 1, "id": 2}[kind]
    salt = bytes(RNG.getrandbits(8) for _ in range(16))
    pw = password.encode()
    length = _ARGON2.argon2_encodedlen(t, m_kib, p, len(salt), 32, type_id)
    out = ctypes.create_string_buffer(length)
    rc = _ARGON2.argon2_hash(ctypes.c_uint32(t), ctypes.c_uint32(m_kib), ctypes.c_uint32(p), pw,
                             ctypes.c_size_t(len(pw)), salt, ctypes.c_size_t(len(salt)), None,
                             ctypes.c_size_t(32), out, ctypes.c_size_t(length),
                             ctypes.c_int(type_id), ctypes.c_int(0x13))
    assert rc == 0, rc
    encoded = out.value
    assert _ARGON2.argon2_verify(encoded, pw, len(pw), type_id) == 0
    return encoded.decode()


def password_vectors():
    vectors = []

    def add(name, stored, scheme, accepts, rejects, source, *, argon2_cost=None, note=None,
            reference_check=None):
        # Confirm the producing library agrees before recording anything.
        if reference_check is not None:
            for pw in accepts:
                assert reference_check(stored, pw), (name, pw)
            for pw in rejects:
                assert not reference_check(stored, pw), (name, pw)
        vector = {"name": name, "hash": stored, "scheme": scheme, "accepts": accepts,
                  "rejects": rejects, "source": source}
        if argon2_cost is not None:
            vector["argon2_cost"] = argon2_cost
        if note:
            vector["note"] = note
        vectors.append(vector)

    wz = f"werkzeug {werkzeug.__version__} generate_password_hash"
    wz_check = werkzeug.security.check_password_hash
    bc = f"python bcrypt {bcrypt.__version__} hashpw"

    def bc_check(stored, pw):
        return bcrypt.checkpw(pw.encode(), stored.encode())

    common_wrong = ["", "wrong", "Admin123", "admin123 "]

    # Werkzeug pbkdf2
    add("pbkdf2 sha256 1000 iterations", werkzeug_hash("correct horse battery staple", "pbkdf2:sha256:1000"),
        "werkzeug_pbkdf2", ["correct horse battery staple"], common_wrong + ["correct horse battery stapl"],
        wz, reference_check=wz_check)
    add("pbkdf2 sha256 werkzeug 2.2 default (260000), teamflow seed admin",
        werkzeug_hash("admin123", "pbkdf2:sha256"), "werkzeug_pbkdf2", ["admin123"], ["admin1234"],
        wz, reference_check=wz_check)
    add("pbkdf2 sha256 600000 (werkzeug 3.0 default)", werkzeug_hash("Password123", "pbkdf2:sha256:600000"),
        "werkzeug_pbkdf2", ["Password123"], ["password123"], wz, reference_check=wz_check)
    implicit = werkzeug_hash("user123", "pbkdf2:sha256:260000").replace("pbkdf2:sha256:260000$", "pbkdf2:sha256$", 1)
    add("pbkdf2 sha256 without iteration count (werkzeug 2.2 applies 260000)", implicit,
        "werkzeug_pbkdf2", ["user123"], ["user12"], "werkzeug 2.2 check_password_hash (method edited)",
        reference_check=wz_check)
    add("pbkdf2 sha512 1000", werkzeug_hash("s3cret!", "pbkdf2:sha512:1000"), "werkzeug_pbkdf2",
        ["s3cret!"], ["s3cret"], wz, reference_check=wz_check)
    add("pbkdf2 sha1 1000", werkzeug_hash("s3cret!", "pbkdf2:sha1:1000"), "werkzeug_pbkdf2",
        ["s3cret!"], ["S3cret!"], wz, reference_check=wz_check)
    add("pbkdf2 sha384 1000", werkzeug_hash("s3cret!", "pbkdf2:sha384:1000"), "werkzeug_pbkdf2",
        ["s3cret!"], ["s3cret?"], wz, reference_check=wz_check)
    add("pbkdf2 sha224 1000", werkzeug_hash("s3cret!", "pbkdf2:sha224:1000"), "werkzeug_pbkdf2",
        ["s3cret!"], ["s3cret?"], wz, reference_check=wz_check)
    add("pbkdf2 unicode password", werkzeug_hash("pässwörd 🔑 пароль", "pbkdf2:sha256:1000"),
        "werkzeug_pbkdf2", ["pässwörd 🔑 пароль"], ["passwort", "pässwörd"], wz, reference_check=wz_check)
    add("pbkdf2 empty password", werkzeug_hash("", "pbkdf2:sha256:1000"), "werkzeug_pbkdf2", [""],
        [" ", "x"], wz, reference_check=wz_check)
    add("pbkdf2 8-character salt", werkzeug_hash("short salt", "pbkdf2:sha256:1000", salt_length=8),
        "werkzeug_pbkdf2", ["short salt"], ["short"], wz, reference_check=wz_check)
    upper = werkzeug_hash("casey", "pbkdf2:sha256:1000")
    method, salt, digest = upper.split("$", 2)
    add("pbkdf2 upper-case hex digest never matches (werkzeug compares hex strings)",
        f"{method}${salt}${digest.upper()}", "werkzeug_pbkdf2", [], ["casey"], "werkzeug (digest edited)",
        reference_check=wz_check)
    add("pbkdf2 trailing newline", upper + "\n", "werkzeug_pbkdf2", [], ["casey"],
        "werkzeug (newline appended)", reference_check=wz_check)

    # Werkzeug 3 scrypt
    sc = "hashlib.scrypt in werkzeug 3's format"
    add("scrypt 16384:8:1", werkzeug3_scrypt("correct horse", 16384, 8, 1), "werkzeug_scrypt",
        ["correct horse"], common_wrong, sc, reference_check=check_werkzeug3_scrypt)
    add("scrypt 32768:8:1 (werkzeug 3 default)", werkzeug3_scrypt("Password123", 32768, 8, 1),
        "werkzeug_scrypt", ["Password123"], ["Password12"], sc, reference_check=check_werkzeug3_scrypt)
    add("scrypt bare method means 32768:8:1", werkzeug3_scrypt("bare method"), "werkzeug_scrypt",
        ["bare method"], ["bare"], sc, reference_check=check_werkzeug3_scrypt)
    add("scrypt 1024:1:1", werkzeug3_scrypt("cheap", 1024, 1, 1), "werkzeug_scrypt", ["cheap"],
        ["expensive"], sc, reference_check=check_werkzeug3_scrypt)
    add("scrypt 4096:8:2 (p > 1)", werkzeug3_scrypt("parallel", 4096, 8, 2), "werkzeug_scrypt",
        ["parallel"], ["serial"], sc, reference_check=check_werkzeug3_scrypt)
    add("scrypt unicode password", werkzeug3_scrypt("ünïcödé ✓", 16384, 8, 1), "werkzeug_scrypt",
        ["ünïcödé ✓"], ["unicode"], sc, reference_check=check_werkzeug3_scrypt)

    # bcrypt
    add("bcrypt $2b$ cost 4, flowtrack demo password", bcrypt_hash("1234"), "bcrypt", ["1234"],
        common_wrong + ["12345"], bc, reference_check=bc_check)
    add("bcrypt $2b$ cost 12 (passlib default used by flowtrack)", bcrypt_hash("Password123", cost=12),
        "bcrypt", ["Password123"], ["Password124"], bc, reference_check=bc_check)
    add("bcrypt $2a$ cost 4", bcrypt_hash("legacy-2a", prefix="2a"), "bcrypt", ["legacy-2a"],
        ["legacy-2b"], bc, reference_check=bc_check)
    as_2y = "$2y$" + bcrypt_hash("php-style")[4:]
    add("bcrypt $2y$ cost 4 (prefix rewritten, same algorithm)", as_2y, "bcrypt", ["php-style"],
        ["php_style"], bc + " (prefix edited)", reference_check=bc_check)
    long_pw = "L" * 40 + "ong password that runs past bcrypt's 72-byte key limit..."
    assert len(long_pw.encode()) > 72
    add("bcrypt truncates at 72 bytes", bcrypt_hash(long_pw), "bcrypt",
        [long_pw, long_pw[:72], long_pw[:72] + "anything else", long_pw[:72] + "z" * 600],
        [long_pw[:71]], bc, reference_check=bc_check)
    add("bcrypt unicode password", bcrypt_hash("🔐 señal"), "bcrypt", ["🔐 señal"], ["senal"],
        bc, reference_check=bc_check)
    add("bcrypt empty password", bcrypt_hash(""), "bcrypt", [""], [" "], bc, reference_check=bc_check)

    # argon2id from the reference implementation (libsodium is the one under test)
    ref = "libargon2.so.1 (reference implementation) argon2_hash"
    add("argon2id reference t=2 m=4096 p=1", argon2_reference("tandem", 2, 4096, 1), "argon2id",
        ["tandem"], ["Tandem", ""], ref, argon2_cost={"opslimit": 2, "memlimit": 4096 * 1024})
    add("argon2id reference t=3 m=8192 p=4", argon2_reference("multi lane ✓", 3, 8192, 4), "argon2id",
        ["multi lane ✓"], ["multi lane"], ref, argon2_cost={"opslimit": 3, "memlimit": 8192 * 1024})
    add("argon2i is not accepted", argon2_reference("tandem", 2, 4096, 1, kind="i"), "unknown", [],
        ["tandem"], ref, note="only argon2id is a supported scheme")

    # Values that must never verify
    plain = werkzeug_hash("admin123", "plain")
    assert plain == "plain$$admin123" and wz_check(plain, "admin123")
    add("werkzeug plain method", plain, "plaintext_legacy", [], ["admin123", "", "plain"], wz,
        note="werkzeug 2.2 accepts it; Tandem never accepts plain text")
    add("beyo plaintext column", "admin123", "plaintext_legacy", [], ["admin123", ""],
        "beyo (plain text stored as is)")
    salted = werkzeug_hash("admin123", "sha256")
    assert wz_check(salted, "admin123")
    add("werkzeug salted sha256 (hmac) method", salted, "unknown", [], ["admin123"], wz,
        note="werkzeug 2.2 accepts it; no original wrote it; removed in werkzeug 3")
    add("werkzeug unsalted md5", "md5$$" + hashlib.md5(b"admin123").hexdigest(), "unknown", [],
        ["admin123"], "hashlib.md5 in werkzeug's layout")
    add("sha512-crypt", "$6$saltsalt$" + "x" * 86, "unknown", [], ["admin123"], "hand-made")
    add("bcrypt $2x$ (buggy-8bit variant) unsupported", "$2x$" + bcrypt_hash("x")[4:], "unknown",
        [], ["x"], bc + " (prefix edited)")

    garbage = [
        ("empty", "", "unknown"),
        ("dollars only", "$$$$", "unknown"),
        ("long text", "x" * 1000, "plaintext_legacy"),
        ("argon2id prefix only", "$argon2id$", "argon2id"),
        ("argon2id no hash", "$argon2id$v=19$m=65536,t=2,p=1$", "argon2id"),
        ("argon2id bad base64", "$argon2id$v=19$m=65536,t=2,p=1$!!!!$!!!!", "argon2id"),
        ("argon2id too long", "$argon2id$v=19$m=65536,t=2,p=1$" + "A" * 200, "argon2id"),
        ("pbkdf2 method only", "pbkdf2:sha256:1000", "werkzeug_pbkdf2"),
        ("pbkdf2 one separator", "pbkdf2:sha256:1000$salt", "werkzeug_pbkdf2"),
        ("pbkdf2 empty digest", "pbkdf2:sha256:1000$salt$", "werkzeug_pbkdf2"),
        ("pbkdf2 non-numeric iterations", "pbkdf2:sha256:abc$salt$" + "0" * 64, "werkzeug_pbkdf2"),
        ("pbkdf2 signed iterations", "pbkdf2:sha256:+1000$salt$" + "0" * 64, "werkzeug_pbkdf2"),
        ("pbkdf2 zero iterations", "pbkdf2:sha256:0$salt$" + "0" * 64, "werkzeug_pbkdf2"),
        ("pbkdf2 empty iterations", "pbkdf2:sha256:$salt$" + "0" * 64, "werkzeug_pbkdf2"),
        ("pbkdf2 absurd iterations", "pbkdf2:sha256:99999999999$salt$" + "0" * 64, "werkzeug_pbkdf2"),
        ("pbkdf2 unsupported digest", "pbkdf2:md4:1000$salt$" + "0" * 32, "werkzeug_pbkdf2"),
        ("pbkdf2 too many arguments", "pbkdf2:sha256:1000:5$salt$" + "0" * 64, "werkzeug_pbkdf2"),
        ("pbkdf2 no digest name", "pbkdf2:$salt$" + "0" * 64, "werkzeug_pbkdf2"),
        ("scrypt two arguments", "scrypt:16384:8$salt$" + "0" * 128, "werkzeug_scrypt"),
        ("scrypt four arguments", "scrypt:16384:8:1:1$salt$" + "0" * 128, "werkzeug_scrypt"),
        ("scrypt n not a power of two", "scrypt:1000:8:1$salt$" + "0" * 128, "werkzeug_scrypt"),
        ("scrypt n = 1", "scrypt:1:8:1$salt$" + "0" * 128, "werkzeug_scrypt"),
        ("scrypt r = 0", "scrypt:16384:0:1$salt$" + "0" * 128, "werkzeug_scrypt"),
        ("scrypt p = 0", "scrypt:16384:8:0$salt$" + "0" * 128, "werkzeug_scrypt"),
        ("scrypt needs 8 GiB", "scrypt:1048576:64:1$salt$" + "0" * 128, "werkzeug_scrypt"),
        ("scrypt huge n", "scrypt:4294967296:8:1$salt$" + "0" * 128, "werkzeug_scrypt"),
        ("scrypt no separators", "scrypt:16384:8:1", "werkzeug_scrypt"),
        ("bcrypt short", "$2b$04$short", "bcrypt"),
        ("bcrypt cost 99", "$2b$99$" + "a" * 53, "bcrypt"),
        ("bcrypt cost 31 (refused, not computed)", "$2b$31$" + "a" * 53, "bcrypt"),
        ("bcrypt cost 03", "$2b$03$" + "a" * 53, "bcrypt"),
        ("bcrypt invalid character", "$2b$04$" + "a" * 52 + "!", "bcrypt"),
        ("bcrypt missing cost separator", "$2b$04" + "a" * 54, "bcrypt"),
        ("bcrypt with trailing newline", bcrypt_hash("nl") + "\n", "bcrypt"),
        ("bcrypt with NUL", bcrypt_hash("nul")[:-1] + "\u0000", "bcrypt"),
        ("argon2id with NUL", "$argon2id$v=19\u0000$m=65536,t=2,p=1$AAAA$AAAA", "argon2id"),
    ]
    for name, stored, scheme in garbage:
        add(f"garbage: {name}", stored, scheme, [], ["", "admin123", "x", stored],
            "hand-made")
    return vectors


# ---------------------------------------------------------------------------------------------


def render(obj) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()

    files = {
        "jwt_vectors.json": {
            "generator": "scripts/generate-crypto-vectors.py",
            "library": f"PyJWT {jwt.__version__}",
            "vectors": jwt_vectors(),
        },
        "password_vectors.json": {
            "generator": "scripts/generate-crypto-vectors.py",
            "libraries": [f"werkzeug {werkzeug.__version__}", f"bcrypt {bcrypt.__version__}",
                          "hashlib (OpenSSL) scrypt", "libargon2.so.1"],
            "vectors": password_vectors(),
        },
    }
    stale = []
    for name, content in files.items():
        path = DATA_DIR / name
        text = render(content)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} ({len(content['vectors'])} vectors)")
    if stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
