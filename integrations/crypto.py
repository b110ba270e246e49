"""Encryption at rest for integration secrets (and other sensitive fields), with key rotation.

FIELD_ENCRYPTION_KEYS holds Fernet keys: the first encrypts, every key decrypts, so a new key is
rotated in by putting it first and running `manage.py rotate_encryption_keys`. In development,
when no key is set, one is derived from SECRET_KEY so the demo works out of the box.
"""

from __future__ import annotations

import base64
import functools
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

ENC_MARKER = "__enc__"


class DecryptionError(Exception):
    pass


@functools.cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def _keys() -> tuple[str, ...]:
    keys = tuple(k for k in settings.FIELD_ENCRYPTION_KEYS if k)
    if keys:
        return keys
    derived = base64.urlsafe_b64encode(hashlib.sha256(f"mystay-fields:{settings.SECRET_KEY}".encode()).digest())
    return (derived.decode(),)


def encrypt_str(value: str) -> str:
    return _fernet_for(_keys()).encrypt(value.encode()).decode()


def decrypt_str(token: str) -> str:
    try:
        return _fernet_for(_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError("cannot decrypt: wrong or rotated-out key") from None


def encrypt_bytes(value: bytes) -> bytes:
    return _fernet_for(_keys()).encrypt(value)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet_for(_keys()).decrypt(bytes(token))
    except InvalidToken:
        raise DecryptionError("cannot decrypt: wrong or rotated-out key") from None


def rotate_str(token: str) -> str:
    return _fernet_for(_keys()).rotate(token.encode()).decode()


def sealed(value) -> dict:
    """A JSON-storable envelope for one secret value."""
    return {ENC_MARKER: encrypt_str(str(value))}


def is_sealed(value) -> bool:
    return isinstance(value, dict) and set(value) == {ENC_MARKER}


def unseal(value):
    return decrypt_str(value[ENC_MARKER]) if is_sealed(value) else value


def mask(value) -> str:
    """What the admin and commands show for a secret: that it is set, never any of its characters."""
    return "" if value in (None, "") else "••••••••"
