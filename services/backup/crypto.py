"""Sealing backup objects: AES-256-GCM (authenticated) under keys derived from the
repository's master key, and object names that do not reveal content (a keyed hash).

Every sealed blob is `version (1 byte) | nonce (12) | ciphertext | tag (16)`, and what it
is bound to (its object name, its kind) goes in as associated data: a blob moved to
another name, truncated or with one bit flipped does not open, and says so
(`TamperedData`). Keys never appear in a repr or a log line.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from types import ModuleType

from ...sdk.errors import DesignerError
from ..cryptodome import cryptodome, unavailable_reason

SEALED_VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32


class CryptoUnavailable(DesignerError):
    """Encrypted backups need pycryptodomex, and this platform has none."""

    def __init__(self) -> None:
        super().__init__(
            f"encrypted backups need pycryptodomex, unavailable here: {unavailable_reason()}"
        )


class TamperedData(DesignerError):
    """Sealed data that does not open: changed, truncated, or not what its name says."""


def aes() -> ModuleType:
    module = cryptodome("Cipher.AES")
    if module is None:
        raise CryptoUnavailable()
    return module


def available() -> bool:
    return cryptodome("Cipher.AES") is not None


def derive(master: bytes, purpose: str) -> bytes:
    """A key of its own for each purpose (HMAC-SHA256 as a KDF: master keys are random)."""
    return hmac.new(master, b"atd-backup/" + purpose.encode(), hashlib.sha256).digest()


def seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    cipher = aes().new(key, aes().MODE_GCM, nonce=nonce, mac_len=TAG_BYTES)
    cipher.update(associated)
    ciphertext, tag = cipher.encrypt_and_digest(plaintext)
    return bytes([SEALED_VERSION]) + nonce + bytes(ciphertext) + bytes(tag)


def open_sealed(key: bytes, blob: bytes, associated: bytes, what: str) -> bytes:
    """The plaintext of `blob`, or TamperedData naming `what`."""
    if len(blob) < 1 + NONCE_BYTES + TAG_BYTES or blob[0] != SEALED_VERSION:
        raise TamperedData(f"{what} is not sealed data of this version (damaged or truncated)")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    cipher = aes().new(key, aes().MODE_GCM, nonce=nonce, mac_len=TAG_BYTES)
    cipher.update(associated)
    try:
        return bytes(cipher.decrypt_and_verify(body[:-TAG_BYTES], body[-TAG_BYTES:]))
    except ValueError:
        raise TamperedData(
            f"{what} does not match its authentication tag (changed or damaged)"
        ) from None


class ObjectCipher:
    """Seals and names a repository's objects with keys derived from its master key."""

    def __init__(self, master: bytes) -> None:
        if len(master) != KEY_BYTES:
            raise ValueError(f"a master key is {KEY_BYTES} bytes")
        self._seal_key = derive(master, "objects")
        self._name_key = derive(master, "names")

    def __repr__(self) -> str:
        return "ObjectCipher(<keys hidden>)"

    def name(self, content: bytes) -> str:
        """The object's name: a keyed hash of its content (equal content, equal name; the
        name tells nothing about the content without the key)."""
        return hmac.digest(self._name_key, content, "sha256").hex()

    def seal(self, name: str, data: bytes) -> bytes:
        """`data` sealed for the repository file `name` (it opens under that name only)."""
        return seal(self._seal_key, data, b"file:" + name.encode())

    def open(self, name: str, blob: bytes) -> bytes:
        return open_sealed(self._seal_key, blob, b"file:" + name.encode(), name)

    def check_name(self, name: str, content: bytes) -> None:
        """An object's content must be what its name says."""
        if not hmac.compare_digest(self.name(content), name.rsplit("/", 1)[-1]):
            raise TamperedData(f"{name} holds content of another name")
