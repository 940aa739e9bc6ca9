"""Keys derived from SECRET_KEY for account secrets a database reader must not be able to use.

- TOTP secrets: AES-256-GCM, key = HKDF-SHA256(SECRET_KEY, info="anjian/totp-secret/1"), a random 96-bit
  nonce per secret, the user id as associated data (a ciphertext copied to another row does not decrypt).
- Recovery codes: HMAC-SHA256 with a key derived the same way (info="anjian/recovery-code/1"); codes carry
  50 bits, so without the key a stolen digest cannot be searched.
Keys in SECRET_KEY_FALLBACKS are tried when reading, so SECRET_KEY can be rotated.
"""

import base64
import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = "v1"


def _keys(info: bytes) -> list[bytes]:
    out = []
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        out.append(HKDF(algorithm=hashes.SHA256(), length=32, salt=b"anjian", info=info).derive(secret.encode()))
    return out


def seal_totp_secret(raw: bytes, *, user_id: int) -> str:
    nonce = secrets.token_bytes(12)
    box = AESGCM(_keys(b"anjian/totp-secret/1")[0]).encrypt(nonce, raw, f"totp:{user_id}".encode())
    return f"{VERSION}:{base64.urlsafe_b64encode(nonce + box).decode()}"


def open_totp_secret(sealed: str, *, user_id: int) -> bytes | None:
    """The raw secret, or None when no current or fallback key opens it."""
    version, _, body = sealed.partition(":")
    if version != VERSION:
        return None
    data = base64.urlsafe_b64decode(body.encode())
    for key in _keys(b"anjian/totp-secret/1"):
        try:
            return AESGCM(key).decrypt(data[:12], data[12:], f"totp:{user_id}".encode())
        except InvalidTag:  # another key, or tampered
            continue
    return None


def recovery_digests(normalised_code: str) -> list[str]:
    """Digests of a recovery code under the current key (first) and every fallback key."""
    return [hmac.new(key, normalised_code.encode(), hashlib.sha256).hexdigest()
            for key in _keys(b"anjian/recovery-code/1")]
