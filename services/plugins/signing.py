"""Ed25519 signatures of marketplace indexes, through pycryptodomex (DESIGN.md §8).

pycryptodomex is compiled, so it is optional at run time until it is vendored per
platform: our `_vendor/` copy is used when there is one, else an importable
``Cryptodome``. Without either, `require_eddsa` raises `SignaturesUnavailable` and index
installs are refused: nothing is ever installed unsigned.

Keys are raw 32-byte Ed25519 public keys written in base64 (config
`plugin_index_trusted_keys`); a key's id is the first 16 hex digits of its SHA-256.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ...sdk.errors import DesignerError
from ..cryptodome import cryptodome

UNAVAILABLE = "signature checks need pycryptodomex, not available on this platform"


class SignaturesUnavailable(DesignerError):
    """Index installs are refused: there is no Ed25519 implementation here."""

    def __init__(self) -> None:
        super().__init__(UNAVAILABLE)


def _eddsa() -> ModuleType | None:
    return cryptodome("Signature.eddsa")


def require_eddsa() -> ModuleType:
    module = _eddsa()
    if module is None:
        raise SignaturesUnavailable()
    return module


def available() -> bool:
    return _eddsa() is not None


def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


@dataclass(frozen=True)
class TrustedKey:
    name: str
    public_key: bytes  # raw, 32 bytes

    @property
    def id(self) -> str:
        return key_id(self.public_key)


def decode_key(text: str, where: str) -> bytes:
    """A base64 raw Ed25519 public key, or ValueError naming `where`."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{where}: not base64") from None
    if len(raw) != 32:
        raise ValueError(f"{where}: an Ed25519 public key is 32 bytes, this is {len(raw)}")
    return raw


def trusted_keys(config_value: Any) -> list[TrustedKey]:
    """The config's key list; a malformed entry is skipped by the schema before this."""
    keys = []
    for number, entry in enumerate(config_value or []):
        keys.append(
            TrustedKey(
                str(entry.get("name", "")),
                decode_key(entry["key"], f"plugin_index_trusted_keys/{number}/key"),
            )
        )
    return keys


def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    eddsa = require_eddsa()
    try:
        verifier = eddsa.new(eddsa.import_public_key(public_key), "rfc8032")
        verifier.verify(message, signature)
    except ValueError:
        return False
    return True


def sign(private_seed: bytes, message: bytes) -> bytes:
    """For index publishers and tests: sign with a raw 32-byte Ed25519 seed."""
    eddsa = require_eddsa()
    return bytes(eddsa.new(eddsa.import_private_key(private_seed), "rfc8032").sign(message))


def public_key_of(private_seed: bytes) -> bytes:
    eddsa = require_eddsa()
    key = eddsa.import_private_key(private_seed)
    return bytes(key.public_key().export_key(format="raw"))
