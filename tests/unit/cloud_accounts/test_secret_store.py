"""The secret store: sealed at rest (AES-256-GCM, key in a 0600 file) or the OS keyring,
and a planted token never reaches a log record, an error or a file in plain text."""

import base64
import json
import os
import stat
import sys

import pytest

from anki_template_designer.services.cloud_accounts.secret_store import (
    KEY_FILE,
    STORE_FILE,
    SecretStore,
    SecretStoreError,
)
from log_records import records_of

TOKEN = "sl.PLANTED-token-4f0c2b7e9a"


class MemoryKeyring:
    """An in-memory stand-in for the OS keyring (there is no keyring daemon here)."""

    def __init__(self, broken=False):
        self.items, self.broken = {}, broken

    def set_password(self, service, account, value):
        if self.broken:
            raise RuntimeError("No recommended backend was available")
        self.items[service, account] = value

    def get_password(self, service, account):
        return self.items.get((service, account))

    def delete_password(self, service, account):
        del self.items[service, account]


def _every_written_byte(folder):
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_sealed_round_trip_and_nothing_in_plain_text_anywhere(tmp_path):
    with records_of("anki_template_designer") as records:
        store = SecretStore(tmp_path, keyring=False)
        store.put("dropbox:me", TOKEN)
        store.put("drive:me", TOKEN + "-other")
        assert SecretStore(tmp_path, keyring=False).get("dropbox:me") == TOKEN
        assert store.get("drive:me") == TOKEN + "-other"
        assert store.get("nobody") is None
        assert TOKEN not in repr(store)
        store.delete("drive:me")
        assert store.get("drive:me") is None
        written = _every_written_byte(tmp_path)
        for form in (TOKEN.encode(), base64.b64encode(TOKEN.encode()), TOKEN.encode("utf-16")):
            assert form not in written
        # A damaged entry fails naming the account, never the value.
        entries = json.loads((tmp_path / STORE_FILE).read_text())
        blob = bytearray(base64.b64decode(entries["dropbox:me"]))
        blob[-1] ^= 1
        entries["dropbox:me"] = base64.b64encode(bytes(blob)).decode()
        (tmp_path / STORE_FILE).write_text(json.dumps(entries))
        with pytest.raises(SecretStoreError, match="dropbox:me") as caught:
            store.get("dropbox:me")
        assert TOKEN not in str(caught.value)
    for record in records:
        assert TOKEN not in record.getMessage() and TOKEN not in repr(record.args)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_key_and_store_files_are_private(tmp_path):
    SecretStore(tmp_path, keyring=False).put("a", TOKEN)
    for name in (KEY_FILE, STORE_FILE):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: (p / STORE_FILE).write_text("{not json"),
        lambda p: (p / STORE_FILE).write_text('{"a": 5}'),
        lambda p: (p / KEY_FILE).write_bytes(b"short"),
    ],
)
def test_damaged_files_say_so(tmp_path, damage):
    store = SecretStore(tmp_path, keyring=False)
    store.put("a", TOKEN)
    damage(tmp_path)
    with pytest.raises(SecretStoreError, match="damaged") as caught:
        store.get("a")
    assert TOKEN not in str(caught.value)


def test_an_entry_copied_to_another_account_does_not_open(tmp_path):
    store = SecretStore(tmp_path, keyring=False)
    store.put("a", TOKEN)
    entries = json.loads((tmp_path / STORE_FILE).read_text())
    entries["b"] = entries["a"]
    (tmp_path / STORE_FILE).write_text(json.dumps(entries))
    with pytest.raises(SecretStoreError, match="'b'"):
        store.get("b")


def test_keyring_used_when_present_and_a_broken_one_falls_back(tmp_path):
    ring = MemoryKeyring()
    store = SecretStore(tmp_path, keyring=ring)
    assert store.uses_keyring
    store.put("a", TOKEN)
    assert store.get("a") == TOKEN and not (tmp_path / STORE_FILE).exists()
    store.delete("a")
    assert store.get("a") is None and ring.items == {}
    broken = SecretStore(tmp_path, keyring=MemoryKeyring(broken=True))
    broken.put("a", TOKEN)
    assert not broken.uses_keyring and broken.get("a") == TOKEN
    assert TOKEN.encode() not in _every_written_byte(tmp_path)


@pytest.mark.parametrize("account", ["", "x" * 201, None])
def test_bad_account_names_are_refused(tmp_path, account):
    with pytest.raises(SecretStoreError):
        SecretStore(tmp_path, keyring=False).put(account, TOKEN)
