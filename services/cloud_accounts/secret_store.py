"""Where cloud account secrets (OAuth tokens, passwords) live: the OS keyring when the
optional `keyring` package is importable and works, else sealed at rest with AES-256-GCM
(pycryptodomex) in `secrets.sealed`, under a random key kept in a 0600 file beside it.

Secrets never go into a log line, a repr or an error message: errors name the account,
never the value. Each sealed entry is bound to its account name (associated data), so an
entry copied to another account does not open.
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import json
import logging
import os
import secrets
from pathlib import Path
from types import ModuleType

from ...sdk.errors import DesignerError
from ..backup.crypto import KEY_BYTES, TamperedData, open_sealed, seal

log = logging.getLogger(__name__)

SERVICE = "anki-template-designer"
KEY_FILE = "secret.key"
STORE_FILE = "secrets.sealed"
_ASSOCIATED = b"atd-cloud-secret/"


class SecretStoreError(DesignerError):
    """A secret could not be kept or read back (the message names the account only)."""


def optional_keyring() -> ModuleType | None:
    """The `keyring` package when installed (it is not part of Anki), else None."""
    try:
        return importlib.import_module("keyring")
    except Exception:  # noqa: BLE001 - absent, or broken on import: fall back to the sealed file
        return None


class SecretStore:
    """`put`/`get`/`delete` secrets by account name."""

    def __init__(self, folder: Path, keyring: ModuleType | bool | None = True) -> None:
        self._folder = Path(folder)
        self._keyring = optional_keyring() if keyring is True else keyring or None

    def __repr__(self) -> str:
        return f"SecretStore({self._folder!s}, keyring={self._keyring is not None})"

    @property
    def uses_keyring(self) -> bool:
        return self._keyring is not None

    def put(self, account: str, secret: str) -> None:
        _check_account(account)
        if self._keyring is not None:
            try:
                self._keyring.set_password(SERVICE, account, secret)
                self._drop_sealed(account)
                return
            except Exception as error:  # noqa: BLE001 - no usable keyring: seal it
                log.info(
                    "OS keyring unavailable (%s); sealing secrets on disk", type(error).__name__
                )
                self._keyring = None
        entries = self._read_entries()
        blob = seal(self._key(), secret.encode("utf-8"), _ASSOCIATED + account.encode())
        entries[account] = base64.b64encode(blob).decode("ascii")
        self._write_entries(entries)

    def get(self, account: str) -> str | None:
        _check_account(account)
        if self._keyring is not None:
            try:
                value = self._keyring.get_password(SERVICE, account)
            except Exception:  # noqa: BLE001 - an unreadable keyring reads as absent
                value = None
            if value is not None:
                return str(value)
        encoded = self._read_entries().get(account)
        if encoded is None:
            return None
        try:
            blob = base64.b64decode(encoded, validate=True)
            plain = open_sealed(self._key(), blob, _ASSOCIATED + account.encode(), "secret")
        except (ValueError, TamperedData):
            raise SecretStoreError(
                f"the stored secret for account {account!r} is damaged; sign in again"
            ) from None
        return plain.decode("utf-8")

    def delete(self, account: str) -> None:
        _check_account(account)
        if self._keyring is not None:
            with contextlib.suppress(Exception):  # absent from the keyring is fine
                self._keyring.delete_password(SERVICE, account)
        self._drop_sealed(account)

    # -- the sealed file -------------------------------------------------------------

    def _drop_sealed(self, account: str) -> None:
        entries = self._read_entries()
        if entries.pop(account, None) is not None:
            self._write_entries(entries)

    def _key(self) -> bytes:
        path = self._folder / KEY_FILE
        self._folder.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            key = path.read_bytes()
            if len(key) != KEY_BYTES:
                raise SecretStoreError(
                    f"the secrets key file {path} is damaged; remove it and sign in again"
                ) from None
            return key
        key = secrets.token_bytes(KEY_BYTES)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key

    def _read_entries(self) -> dict[str, str]:
        path = self._folder / STORE_FILE
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            raise SecretStoreError(f"the secrets file {path} is damaged") from None
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            raise SecretStoreError(f"the secrets file {path} is damaged")
        return data

    def _write_entries(self, entries: dict[str, str]) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / STORE_FILE
        temp = path.with_name(f".{STORE_FILE}.{secrets.token_hex(4)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entries, handle, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise


def _check_account(account: str) -> None:
    if not isinstance(account, str) or not account or len(account) > 200:
        raise SecretStoreError("an account name is 1 to 200 characters")
