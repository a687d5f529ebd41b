"""`.atdpreset` files on disk: JSON and zip round trips, and every way a file can be bad —
each error names the file and the reason, and a bad import writes nothing."""

import hashlib
import json
import os
import zipfile

import pytest

from anki_template_designer.services.presets import PresetFileError
from anki_template_designer.services.presets.archive import (
    MAX_FILE_BYTES,
    export_file_name,
    media_entries,
    read_preset_file,
    write_preset_file,
)
from preset_helpers import design_preset, preset_json_bytes, valid_json, zip_bytes

FONT = b"wOF2" + bytes(range(256)) * 4


def with_media(data, media):
    return {**data, "media": [m.to_json() for m in media_entries(media)]}


def refused(path, *fragments):
    with pytest.raises(PresetFileError) as caught:
        read_preset_file(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    for fragment in fragments:
        assert fragment in message, message
    return caught.value


def test_json_round_trip(tmp_path):
    preset = design_preset()
    path = tmp_path / "Sample.atdpreset"
    assert write_preset_file(path, preset, {}) == "json"
    loaded = read_preset_file(path)
    assert loaded.format == "json"
    assert loaded.preset == preset
    assert loaded.media == {}
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == 2


def test_zip_round_trip_with_media(tmp_path):
    media = {"_font.woff2": FONT, "_bg.png": b"\x89PNG..."}
    path = tmp_path / "Fonts.atdpreset"
    assert write_preset_file(path, design_preset(), media) == "zip"
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["media/_bg.png", "media/_font.woff2", "preset.json"]
    loaded = read_preset_file(path)
    assert loaded.format == "zip"
    assert loaded.media == media
    assert [m.name for m in loaded.preset.media] == ["_bg.png", "_font.woff2"]
    assert loaded.preset.media[1].sha256 == hashlib.sha256(FONT).hexdigest()


def test_a_v1_json_file_is_migrated(tmp_path):
    path = tmp_path / "old.atdpreset"
    path.write_text(
        json.dumps(
            {
                "schema": 1,
                "kind": "snippet",
                "name": "Old",
                "html": "{{#Hint}}{{hint:Hint}}{{/Hint}}",
            }
        ),
        encoding="utf-8",
    )
    assert read_preset_file(path).preset.fields == ("Hint",)


def test_truncated_json(tmp_path):
    path = tmp_path / "cut.atdpreset"
    path.write_bytes(preset_json_bytes(valid_json())[:-25])
    refused(path, "is not valid JSON (damaged or truncated?)", "line 1")


def test_json_with_a_bom_is_fine_but_not_utf16(tmp_path):
    path = tmp_path / "bom.atdpreset"
    path.write_bytes(b"\xef\xbb\xbf" + preset_json_bytes(valid_json()))
    assert read_preset_file(path).preset.name == "Sample design"
    path.write_bytes(json.dumps(valid_json()).encode("utf-16"))
    refused(path, "is not UTF-8 text")


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.atdpreset"
    path.write_bytes(b"")
    refused(path, "is empty")


def test_schema_problems_are_listed_with_their_paths(tmp_path):
    path = tmp_path / "bad.atdpreset"
    path.write_bytes(preset_json_bytes(valid_json(kind="layout", revision=0)))
    error = refused(path, "is not a valid preset", "/kind", "/revision")
    assert {p.path for p in error.problems} == {"/kind", "/revision"}


def test_an_unknown_schema_version(tmp_path):
    path = tmp_path / "future.atdpreset"
    path.write_bytes(preset_json_bytes(valid_json(schema=3)))
    refused(path, "uses preset schema 3", "update Anki Template Designer")


def test_a_50_mb_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.atdpreset"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing to read
    refused(path, "is 50.0 MiB", f"at most {MAX_FILE_BYTES // (1024 * 1024)} MiB")


def test_a_big_json_file_under_the_file_limit_is_still_refused(tmp_path):
    path = tmp_path / "big.atdpreset"
    data = valid_json(description="")
    text = json.dumps(data)
    path.write_text(text[:-1] + ', "padding": "' + "x" * (5 * 1024 * 1024) + '"}', encoding="utf-8")
    refused(path, "bytes of JSON; the limit is")


def test_a_folder_or_missing_file(tmp_path):
    refused(tmp_path, "is not a regular file")
    refused(tmp_path / "nope.atdpreset", "cannot be read")


def test_json_listing_media_is_refused(tmp_path):
    path = tmp_path / "m.atdpreset"
    path.write_bytes(preset_json_bytes(with_media(valid_json(), {"_font.woff2": FONT})))
    refused(path, "lists media files but is plain JSON")


def write_zip(tmp_path, entries, **flags):
    path = tmp_path / "in.atdpreset"
    path.write_bytes(zip_bytes(entries, **flags))
    return path


def good_entries(media=None):
    media = media if media is not None else {"_font.woff2": FONT}
    entries = {"preset.json": preset_json_bytes(with_media(valid_json(), media))}
    entries.update({f"media/{name}": data for name, data in media.items()})
    return entries


def test_a_hand_made_zip_is_accepted(tmp_path):
    loaded = read_preset_file(write_zip(tmp_path, good_entries()))
    assert loaded.media == {"_font.woff2": FONT}


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("media/../../evil.woff2", "leaves the archive (..)"),
        ("../preset.json", "leaves the archive (..)"),
        ("media/./x.woff2", "leaves the archive (..)"),
        ("/etc/cron.d/evil", "is an absolute path"),
        ("C:/Windows/evil.dll", "is an absolute path"),
        ("media\\..\\evil.woff2", "backslash"),
        ("media/sub/_x.woff2", "is not preset.json or a file directly in media/"),
        ("other.txt", "is not preset.json or a file directly in media/"),
        ("media/", None),
    ],
)
def test_zip_entry_names_are_checked(tmp_path, name, reason):
    entries = {**good_entries(), name: b"x"}
    path = write_zip(tmp_path, entries)
    if reason is None:  # a media/ folder entry is harmless
        assert read_preset_file(path).media == {"_font.woff2": FONT}
        return
    refused(path, f"zip entry {name!r}", reason, "refused")


def test_links_in_the_zip_are_refused(tmp_path):
    entries = {**good_entries(), "media/_link.woff2": b"/etc/passwd"}
    path = write_zip(tmp_path, entries, symlinks={"media/_link.woff2"})
    refused(path, "'media/_link.woff2' is a link")


def test_encrypted_entries_are_refused(tmp_path):
    path = write_zip(tmp_path, good_entries(), encrypted={"media/_font.woff2"})
    refused(path, "'media/_font.woff2' is encrypted")


def test_duplicate_entries_are_refused(tmp_path):
    path = tmp_path / "dup.atdpreset"
    entries = good_entries()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("media/_font.woff2", b"other")
    refused(path, "'media/_font.woff2' appears twice")


def test_a_zip_without_preset_json(tmp_path):
    refused(write_zip(tmp_path, {"media/_font.woff2": FONT}), "has no preset.json")


def test_media_must_match_what_the_preset_lists(tmp_path):
    entries = good_entries()
    entries["media/_font.woff2"] = FONT[:-1] + b"!"
    refused(write_zip(tmp_path, entries), "does not match the size and hash")
    entries = good_entries()
    entries["media/_extra.png"] = b"png"
    refused(write_zip(tmp_path, entries), "media/_extra.png is not listed")
    entries = good_entries()
    del entries["media/_font.woff2"]
    refused(write_zip(tmp_path, entries), "lists media/_font.woff2, which is not in the zip")


def test_a_zip_bomb_is_stopped_at_the_cap(tmp_path):
    """The entry claims to be small; the real unpacked size is checked while reading."""
    big = b"\0" * (9 * 1024 * 1024)
    path = tmp_path / "bomb.atdpreset"
    path.write_bytes(zip_bytes({**good_entries(), "media/_bomb.woff2": big}))
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("media/_bomb.woff2")
        assert info.compress_size < 100_000
    refused(path, "'media/_bomb.woff2' is", "bytes; the limit is")
    # forge the central directory and local header sizes: the reader must still stop
    data = bytearray(path.read_bytes())
    forged = (1000).to_bytes(4, "little")
    real = len(big).to_bytes(4, "little")
    assert data.count(real) >= 2
    path.write_bytes(bytes(data).replace(real, forged))
    refused(path, "media/_bomb.woff2")


def test_truncated_and_corrupt_zips(tmp_path):
    good = zip_bytes(good_entries())
    path = tmp_path / "cut.atdpreset"
    path.write_bytes(good[: len(good) // 2])
    refused(path, "zip archive")
    corrupt = bytearray(good)
    start = corrupt.find(b"preset.json") + len("preset.json") + 10
    corrupt[start : start + 20] = b"\xff" * 20
    path.write_bytes(bytes(corrupt))
    refused(path)


def test_too_many_entries(tmp_path):
    entries = {f"media/_{i}.png": b"x" for i in range(45)}
    refused(write_zip(tmp_path, {**good_entries(), **entries}), "zip entries; the limit is 40")


def test_a_bad_preset_inside_a_zip_names_the_entry(tmp_path):
    entries = good_entries()
    entries["preset.json"] = b'{"schema": 2, '
    error = refused(write_zip(tmp_path, entries), "in.atdpreset!preset.json", "truncated")
    assert error.path.endswith("in.atdpreset!preset.json")


def test_a_failed_export_leaves_no_file(tmp_path):
    path = tmp_path / "out.atdpreset"

    def failing_writer(target, data):
        raise OSError(28, os.strerror(28))

    with pytest.raises(PresetFileError, match=r"out\.atdpreset: cannot be written"):
        write_preset_file(path, design_preset(), {}, writer=failing_writer)
    assert not path.exists()


@pytest.mark.parametrize(
    ("name", "file_name"),
    [("Basic", "Basic.atdpreset"), ('a/b:c*?"<>|', "a-b-c.atdpreset"), ("...", "preset.atdpreset")],
)
def test_export_file_names_are_safe(name, file_name):
    assert export_file_name(name) == file_name


def test_an_entry_with_an_unsupported_compression_method(tmp_path):
    path = write_zip(tmp_path, good_entries())
    data = bytearray(path.read_bytes())
    # Compression method 99 (AES) in the local header and the central directory: zipfile
    # raises NotImplementedError when the entry is read.
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset : start + offset + 2] = (99).to_bytes(2, "little")
            start += 4
    path.write_bytes(bytes(data))
    refused(path, "zip")
