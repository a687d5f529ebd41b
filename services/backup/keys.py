"""The repository's master key and the ways to unlock it (issue #13, "Encryption").

One random 256-bit master key encrypts everything (through `crypto.ObjectCipher`). It is
stored only wrapped (AES-256-GCM) in *slots*, one per way in:

* `passphrase`: the key-encryption key comes from the user's passphrase through scrypt
  (N=2^15, r=8, p=1: about 0.1 s and 32 MiB, so guessing is slow);
* `recovery`: a 160-bit code shown to the user once (`RecoveryCode`), the way back when
  the passphrase is forgotten;
* `device`: until the user sets a passphrase, a random key kept on this machine in a file
  only the user can read (`DeviceKey`). Anki bundles no keyring library, so the OS keyring
  is not used yet. Setting a passphrase removes this slot: from then on the passphrase (or
  the recovery code) is needed.

Changing the passphrase rewraps the master key; nothing else changes. A wrong passphrase
or code is `WrongKey`, said plainly. Secrets never appear in a repr, an error or a log.
The key file (`keys.json`) is plain JSON of slots, checked field by field when read.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...sdk.errors import DesignerError
from ..cryptodome import cryptodome
from .crypto import KEY_BYTES, CryptoUnavailable, TamperedData, derive, open_sealed, seal

FORMAT = "atd-backup-keys/1"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SALT_BYTES = 16
KINDS = ("passphrase", "recovery", "device")
_RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # base32: no 0/1/8/9 to misread


class WrongKey(DesignerError):
    """The passphrase, recovery code or device key does not unlock this repository."""


class KeyFileError(DesignerError):
    """keys.json cannot be read: it names the file, the field and the reason."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class RecoveryCode:
    """160 random bits as 8 groups of 4 base32 letters and digits (`ABCD-EF23-...`)."""

    text: str = field(repr=False)

    def __repr__(self) -> str:
        return "RecoveryCode(<hidden>)"

    @classmethod
    def new(cls) -> RecoveryCode:
        raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
        return cls("-".join(raw[i : i + 4] for i in range(0, 32, 4)))

    def secret(self) -> bytes:
        """The code's bytes; spaces, dashes and case do not matter (people retype it)."""
        letters = "".join(c for c in self.text.upper() if c.isalnum())
        if len(letters) != 32 or any(c not in _RECOVERY_ALPHABET for c in letters):
            raise WrongKey("a recovery code is 32 letters and digits (8 groups of 4)")
        return base64.b32decode(letters)


@dataclass(frozen=True)
class DeviceKey:
    """A random key in a file only this user can read (mode 0600)."""

    secret: bytes = field(repr=False)

    def __repr__(self) -> str:
        return "DeviceKey(<hidden>)"

    @classmethod
    def load_or_create(cls, path: Path) -> DeviceKey:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = secrets.token_bytes(KEY_BYTES)
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        if len(data) != KEY_BYTES:
            raise KeyFileError(
                f"{path}: a device key is {KEY_BYTES} bytes, this file has {len(data)}"
            )
        return cls(data)


@dataclass(frozen=True)
class Slot:
    kind: str
    salt: bytes
    wrapped: bytes

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "salt": _b64(self.salt),
            "wrapped": _b64(self.wrapped),
        }
        if self.kind == "passphrase":
            data["kdf"] = {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
        return data


def _kek(kind: str, secret: bytes, salt: bytes) -> bytes:
    """The key that wraps the master key in a slot of `kind`."""
    if kind == "passphrase":
        kdf = cryptodome("Protocol.KDF")
        if kdf is None:
            raise CryptoUnavailable()
        return bytes(kdf.scrypt(secret, salt, KEY_BYTES, N=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P))
    return derive(secret + salt, f"slot/{kind}")  # random secrets: no stretching needed


def _associated(repo_id: str, kind: str) -> bytes:
    return f"atd-backup-slot:{repo_id}:{kind}".encode()


def _passphrase_bytes(passphrase: str) -> bytes:
    if len(passphrase) < 8:
        raise WrongKey("a backup passphrase has at least 8 characters")
    return passphrase.encode("utf-8")


@dataclass(frozen=True)
class KeyFile:
    repo_id: str
    slots: tuple[Slot, ...]

    # -- making and changing ---------------------------------------------------------
    @classmethod
    def create(cls, repo_id: str, device: DeviceKey) -> tuple[KeyFile, bytes, RecoveryCode]:
        """A new master key, unlockable with this device's key and a new recovery code
        (to show the user once)."""
        master = secrets.token_bytes(KEY_BYTES)
        code = RecoveryCode.new()
        keys = cls(repo_id, ())._with_slot(master, "device", device.secret)
        return keys._with_slot(master, "recovery", code.secret()), master, code

    def _with_slot(self, master: bytes, kind: str, secret: bytes) -> KeyFile:
        salt = secrets.token_bytes(SALT_BYTES)
        wrapped = seal(_kek(kind, secret, salt), master, _associated(self.repo_id, kind))
        others = tuple(s for s in self.slots if s.kind != kind)
        return KeyFile(self.repo_id, (*others, Slot(kind, salt, wrapped)))

    def with_passphrase(self, master: bytes, passphrase: str) -> KeyFile:
        """Set or change the passphrase (rewrapping the master key); the device slot goes."""
        keys = self._with_slot(master, "passphrase", _passphrase_bytes(passphrase))
        return KeyFile(self.repo_id, tuple(s for s in keys.slots if s.kind != "device"))

    def with_new_recovery(self, master: bytes) -> tuple[KeyFile, RecoveryCode]:
        code = RecoveryCode.new()
        return self._with_slot(master, "recovery", code.secret()), code

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(s.kind for s in self.slots)

    # -- unlocking --------------------------------------------------------------------
    def _unlock(self, kind: str, secret: bytes, wrong: str) -> bytes:
        slot = next((s for s in self.slots if s.kind == kind), None)
        if slot is None:
            raise WrongKey(f"this backup repository has no {kind} set")
        try:
            return open_sealed(
                _kek(kind, secret, slot.salt), slot.wrapped, _associated(self.repo_id, kind), kind
            )
        except TamperedData:
            raise WrongKey(wrong) from None

    def unlock_with_passphrase(self, passphrase: str) -> bytes:
        return self._unlock(
            "passphrase", passphrase.encode("utf-8"), "wrong passphrase for this backup repository"
        )

    def unlock_with_recovery(self, code: RecoveryCode) -> bytes:
        return self._unlock(
            "recovery", code.secret(), "this recovery code does not unlock this backup repository"
        )

    def unlock_with_device(self, device: DeviceKey) -> bytes:
        return self._unlock(
            "device", device.secret, "this machine's key does not unlock this backup repository"
        )

    # -- the file ----------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "repository": self.repo_id,
            "slots": [s.to_json() for s in self.slots],
        }

    def save(self, path: Path) -> None:
        """Write atomically (a temporary file, fsynced, renamed over), readable by the user only."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(self.to_json(), out, indent=1, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise KeyFileError(f"{path}: cannot be read ({error})") from None
        return cls.from_json(data, str(path))

    @classmethod
    def from_json(cls, data: Any, where: str) -> KeyFile:
        def fail(field_name: str, reason: str) -> KeyFileError:
            return KeyFileError(f"{where}: /{field_name}: {reason}")

        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise fail("format", f"not a key file of format {FORMAT}")
        repo_id = data.get("repository")
        if not isinstance(repo_id, str) or not repo_id:
            raise fail("repository", "missing or not text")
        raw_slots = data.get("slots")
        if not isinstance(raw_slots, list) or not raw_slots:
            raise fail("slots", "missing or empty")
        slots = []
        for index, raw in enumerate(raw_slots):
            if not isinstance(raw, dict) or raw.get("kind") not in KINDS:
                raise fail(f"slots/{index}/kind", f"must be one of {', '.join(KINDS)}")
            if raw["kind"] == "passphrase" and raw.get("kdf") != {
                "name": "scrypt",
                "n": SCRYPT_N,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
            }:
                raise fail(f"slots/{index}/kdf", "not the scrypt parameters this version uses")
            try:
                salt = base64.b64decode(raw.get("salt", ""), validate=True)
                wrapped = base64.b64decode(raw.get("wrapped", ""), validate=True)
            except (binascii.Error, ValueError, TypeError):
                raise fail(f"slots/{index}", "salt and wrapped must be base64") from None
            if len(salt) != SALT_BYTES:
                raise fail(f"slots/{index}/salt", f"must be {SALT_BYTES} bytes")
            slots.append(Slot(raw["kind"], salt, wrapped))
        if len({s.kind for s in slots}) != len(slots):
            raise fail("slots", "a kind appears twice")
        return cls(repo_id, tuple(slots))
