"""Time-based one-time passwords (RFC 4226 HOTP, RFC 6238 TOTP) and recovery-code shapes.

Pure: secrets, times and random bytes are passed in. SHA-1, 6 digits, 30-second steps — what every
authenticator app (Google Authenticator, Microsoft Authenticator, 腾讯身份验证器, FreeOTP) reads from an
otpauth:// URI by default.
"""

import base64
import hashlib
import hmac
import struct
from urllib.parse import quote, urlencode

from anjian.domain.input_bounds import digits

DIGITS = 6
STEP_SECONDS = 30
WINDOW = 1  # steps accepted either side of now (clock drift): ±30 s
SECRET_BYTES = 20  # 160 bits, RFC 4226's recommendation for SHA-1
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz023456789"  # 32 symbols, no o/1/l/i: 5 bits each, no bias
RECOVERY_LENGTH = 10  # two groups of five: 50 bits


def b32_secret(raw: bytes) -> str:
    """The secret as authenticator apps take it: base32, no padding."""
    return base64.b32encode(raw).decode().rstrip("=")


def b32_decode(secret: str) -> bytes:
    s = secret.replace(" ", "").upper()
    return base64.b32decode(s + "=" * (-len(s) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS) -> str:
    """RFC 4226 §5.3: dynamic truncation of HMAC-SHA-1(key, counter)."""
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10 ** digits).zfill(digits)


def step_of(unix_time: float) -> int:
    return int(unix_time // STEP_SECONDS)


def totp(key: bytes, unix_time: float, digits: int = DIGITS) -> str:
    return hotp(key, step_of(unix_time), digits)


def normalise_code(code: str) -> str:
    """What a person typed, without spaces (apps show "123 456")."""
    return "".join(code.split())


def matching_step(key: bytes, code: str, unix_time: float, *, after_step: int = -1) -> int | None:
    """The time step whose code equals `code`, within ±WINDOW of now and strictly after `after_step`
    (the last step already used: a code is accepted once). None when no step matches."""
    code = normalise_code(code)
    if len(code) != DIGITS or not digits(code):
        return None
    now = step_of(unix_time)
    found = None
    for step in range(now - WINDOW, now + WINDOW + 1):
        if hmac.compare_digest(hotp(key, step), code) and step > after_step:
            found = step  # keep looking: compare every candidate, so timing does not tell which matched
    return found


def otpauth_uri(secret_b32: str, *, account: str, issuer: str) -> str:
    """Key URI format (Google Authenticator wiki): otpauth://totp/Issuer:account?secret=…&issuer=…"""
    label = quote(f"{issuer}:{account}", safe="")
    query = urlencode({"secret": secret_b32, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS,
                       "period": STEP_SECONDS}, quote_via=quote)
    return f"otpauth://totp/{label}?{query}"


def recovery_code(raw: bytes) -> str:
    """A recovery code from RECOVERY_LENGTH random bytes, shown as xxxxx-xxxxx."""
    if len(raw) < RECOVERY_LENGTH:
        raise ValueError("need RECOVERY_LENGTH random bytes")
    chars = "".join(RECOVERY_ALPHABET[b % len(RECOVERY_ALPHABET)] for b in raw[:RECOVERY_LENGTH])
    return f"{chars[:5]}-{chars[5:]}"


def normalise_recovery_code(code: str) -> str | None:
    """Lower case without spaces or dashes; None when it cannot be a recovery code."""
    s = "".join(ch for ch in code.lower() if ch not in " -\t")
    if len(s) != RECOVERY_LENGTH or any(ch not in RECOVERY_ALPHABET for ch in s):
        return None
    return s
