"""The master key and its slots: passphrase (scrypt), recovery code, this machine's key."""

import json
import stat

import pytest

from anki_template_designer.services.backup import KeyFile, RecoveryCode, WrongKey
from anki_template_designer.services.backup.keys import DeviceKey, KeyFileError


@pytest.fixture
def device(tmp_path):
    return DeviceKey.load_or_create(tmp_path / "device.key")


@pytest.fixture
def created(device):
    return KeyFile.create("repo-1", device)


def test_a_new_repository_opens_with_this_machine_and_with_the_recovery_code(created, device):
    keys, master, code = created
    assert keys.kinds == ("device", "recovery")
    assert keys.unlock_with_device(device) == master
    assert keys.unlock_with_recovery(code) == master
    # People retype the code: case, spaces and dashes do not matter.
    retyped = RecoveryCode(code.text.lower().replace("-", " "))
    assert keys.unlock_with_recovery(retyped) == master


def test_the_device_key_file_is_the_users_only_and_stays_the_same(tmp_path, device):
    path = tmp_path / "device.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert DeviceKey.load_or_create(path) == device
    path.write_bytes(b"short")
    with pytest.raises(KeyFileError, match="32 bytes"):
        DeviceKey.load_or_create(path)


def test_setting_a_passphrase_rewraps_and_removes_the_machine_slot(created, device):
    keys, master, code = created
    locked = keys.with_passphrase(master, "correct horse battery")
    assert locked.kinds == ("recovery", "passphrase")
    assert locked.unlock_with_passphrase("correct horse battery") == master
    with pytest.raises(WrongKey, match="no device set"):
        locked.unlock_with_device(device)
    changed = locked.with_passphrase(master, "another long phrase")
    assert changed.unlock_with_passphrase("another long phrase") == master
    with pytest.raises(WrongKey, match="wrong passphrase"):
        changed.unlock_with_passphrase("correct horse battery")
    assert changed.unlock_with_recovery(code) == master  # the way back still works


def test_wrong_secrets_are_clear_errors_that_repeat_no_secret(created):
    keys, master, code = created
    keys = keys.with_passphrase(master, "correct horse battery")
    with pytest.raises(WrongKey) as wrong:
        keys.unlock_with_passphrase("correct horse batterx")
    assert "batter" not in str(wrong.value)
    with pytest.raises(WrongKey, match="does not unlock"):
        keys.unlock_with_recovery(RecoveryCode.new())
    with pytest.raises(WrongKey, match="32 letters"):
        keys.unlock_with_recovery(RecoveryCode("ABCD-0000"))
    with pytest.raises(WrongKey, match="at least 8"):
        keys.with_passphrase(master, "short")
    assert code.text not in repr(code) and master.hex() not in repr(keys)


def test_a_slot_copied_to_another_repository_does_not_open(created, device):
    keys, _master, _code = created
    moved = KeyFile("repo-2", keys.slots)
    with pytest.raises(WrongKey):
        moved.unlock_with_device(device)


def test_the_key_file_round_trips_atomically_and_is_the_users_only(tmp_path, created, device):
    keys, master, _code = created
    path = tmp_path / "repo" / "keys.json"
    keys.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(path.parent.glob(".*.tmp"))
    loaded = KeyFile.load(path)
    assert loaded == keys and loaded.unlock_with_device(device) == master
    assert master.hex() not in path.read_text() and "device" in path.read_text()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(format="other/1"), "/format: not a key file"),
        (lambda d: d.pop("repository"), "/repository: missing"),
        (lambda d: d.update(slots=[]), "/slots: missing or empty"),
        (lambda d: d["slots"][0].update(kind="keyring"), "/slots/0/kind: must be one of"),
        (lambda d: d["slots"][0].update(salt="***"), "/slots/0: salt and wrapped must be base64"),
        (lambda d: d["slots"][0].update(salt="AAAA"), "/slots/0/salt: must be 16 bytes"),
        (lambda d: d["slots"].append(dict(d["slots"][0])), "/slots: a kind appears twice"),
    ],
)
def test_a_damaged_key_file_names_the_file_the_field_and_the_reason(
    tmp_path, created, edit, message
):
    keys, _master, _code = created
    data = json.loads(json.dumps(keys.to_json()))
    edit(data)
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(data))
    with pytest.raises(KeyFileError, match=message) as error:
        KeyFile.load(path)
    assert str(path) in str(error.value)


def test_a_changed_wrapped_key_is_a_wrong_key_not_a_crash(created, device):
    keys, _master, _code = created
    slot = keys.slots[0]
    flipped = bytes([slot.wrapped[0]]) + bytes([slot.wrapped[1] ^ 1]) + slot.wrapped[2:]
    damaged = KeyFile(keys.repo_id, (type(slot)(slot.kind, slot.salt, flipped), *keys.slots[1:]))
    with pytest.raises(WrongKey):
        damaged.unlock_with_device(device)
