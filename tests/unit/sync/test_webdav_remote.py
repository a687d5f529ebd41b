"""The WebDAV remote against a real wsgidav server on 127.0.0.1: write-once creates,
missing folders made, recursive listings, conditional head writes."""

import pytest

from anki_template_designer.services.backup.folder_backend import BackendError, RemoteChanged


def test_files_round_trip_and_folders_are_made(webdav_remote):
    data = bytes(range(256)) * 10
    assert webdav_remote.create("objects/ab/c d+é%", data)
    assert not webdav_remote.create("objects/ab/c d+é%", b"other")
    assert webdav_remote.read("objects/ab/c d+é%") == data
    assert webdav_remote.read_range("objects/ab/c d+é%", 3, 4) == data[3:7]
    assert webdav_remote.size("objects/ab/c d+é%") == len(data)
    assert webdav_remote.size("objects/none") == -1
    with pytest.raises(BackendError):
        webdav_remote.read("objects/none")
    for name in ("../x", "/x", "a//b"):
        with pytest.raises(BackendError):
            webdav_remote.create(name, b"x")
    webdav_remote.create("objects/cd/e", b"e")
    webdav_remote.create("objectsother/f", b"f")
    assert webdav_remote.list("objects") == ["objects/ab/c d+é%", "objects/cd/e"]
    assert webdav_remote.list("nothing") == []
    webdav_remote.delete("objects/cd/e")
    assert webdav_remote.list("objects") == ["objects/ab/c d+é%"]


def test_head_ref_compare_and_swap(webdav_remote):
    assert webdav_remote.read_tagged("refs/head") is None
    tag = webdav_remote.replace_if("refs/head", b"generation 1", None)
    with pytest.raises(RemoteChanged):
        webdav_remote.replace_if("refs/head", b"lost", None)
    assert webdav_remote.read_tagged("refs/head") == (b"generation 1", tag)
    new = webdav_remote.replace_if("refs/head", b"generation 22", tag)
    with pytest.raises(RemoteChanged):
        webdav_remote.replace_if("refs/head", b"stale", tag)
    assert webdav_remote.read_tagged("refs/head") == (b"generation 22", new)
