"""Sealing backup objects: authenticated, bound to their names, names that reveal nothing."""

import secrets

import pytest

from anki_template_designer.services.backup import ObjectCipher, TamperedData


@pytest.fixture
def cipher():
    return ObjectCipher(secrets.token_bytes(32))


def test_an_object_round_trips_and_its_name_is_a_keyed_hash(cipher):
    content = b"<div>{{Front}}</div>" * 50
    name = cipher.name(content)
    assert cipher.open(name, cipher.seal(name, content)) == content
    assert cipher.name(content) == name  # equal content, equal name: stored once
    other = ObjectCipher(secrets.token_bytes(32))
    assert other.name(content) != name  # without the key the name says nothing
    assert content not in cipher.seal(name, content)


def test_two_seals_of_the_same_content_differ(cipher):
    name = cipher.name(b"x")
    assert cipher.seal(name, b"x") != cipher.seal(name, b"x")  # a fresh nonce each time


@pytest.mark.parametrize("position", [0, 1, 12, 13, -17, -1])
def test_one_flipped_bit_anywhere_is_refused(cipher, position):
    name = cipher.name(b"payload")
    blob = bytearray(cipher.seal(name, b"payload"))
    blob[position] ^= 0x01
    with pytest.raises(TamperedData, match=name):
        cipher.open(name, bytes(blob))


def test_truncated_moved_or_other_key_data_is_refused(cipher):
    first, second = cipher.name(b"first"), cipher.name(b"second")
    blob = cipher.seal(first, b"first")
    with pytest.raises(TamperedData, match="damaged or truncated"):
        cipher.open(first, blob[:20])
    with pytest.raises(TamperedData):
        cipher.open(second, blob)  # moved to another name
    with pytest.raises(TamperedData, match="content of another name"):
        cipher.check_name(second, b"first")
    with pytest.raises(TamperedData):
        ObjectCipher(secrets.token_bytes(32)).open(first, blob)


def test_keys_never_show_in_a_repr():
    master = secrets.token_bytes(32)
    assert master.hex() not in repr(ObjectCipher(master))
    assert "hidden" in repr(ObjectCipher(master))


def test_without_pycryptodomex_sealing_says_so(monkeypatch):
    from anki_template_designer.services.backup import CryptoUnavailable, crypto

    monkeypatch.setattr(crypto, "cryptodome", lambda _name: None)
    assert not crypto.available()
    with pytest.raises(CryptoUnavailable, match="need pycryptodomex"):
        ObjectCipher(secrets.token_bytes(32)).seal("n", b"x")
