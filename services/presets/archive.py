"""`.atdpreset` files: one preset, as JSON or as a zip that also carries its media.

* JSON: the preset itself (schema 1 or 2), UTF-8.
* zip: `preset.json` plus `media/<name>` for each file the preset lists under `media`
  (fonts such as `_font.woff2`, images, sounds), each checked against its size and hash.

Reading is defensive because the file comes from someone else: the file size is checked
before anything is read, zip entries are refused when they are links, encrypted, absolute,
contain `..` or a backslash, repeat, or are not one of the expected names; every entry is
read with a byte cap (never trusting the size the zip claims), and the preset is
validated (and migrated) like a stored one. Every error names the file and the reason.
Nothing here writes into the presets folder: the store does, once all of it is valid.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .atomic import Writer, write_atomically
from .errors import InvalidPreset, PresetFileError, UnsupportedSchema
from .model import MediaFile, Preset
from .schema import check_preset, read_preset_json

EXTENSION = ".atdpreset"
PRESET_ENTRY = "preset.json"
MEDIA_PREFIX = "media/"
MiB = 1024 * 1024
#: A whole .atdpreset file (zip or JSON) may be at most this big.
MAX_FILE_BYTES = 16 * MiB
#: The preset JSON itself (in a zip or alone).
MAX_JSON_BYTES = 4 * MiB
#: One media file (the schema says the same) and all of them together.
MAX_MEDIA_BYTES = 8 * MiB
MAX_TOTAL_MEDIA_BYTES = 24 * MiB
MAX_ENTRIES = 40
ZIP_MAGIC = b"PK\x03\x04"
_DRIVE = re.compile(r"^[A-Za-z]:")
#: What zipfile raises for damaged or unsupported archives: bad CRC, truncated data,
#: corrupt deflate streams, and an entry compressed with a method zipfile does not
#: support (reported as a RuntimeError subclass).
DAMAGED_ZIP = (
    zipfile.BadZipFile,
    EOFError,
    zlib.error,
    RuntimeError,
    ValueError,
    OSError,
)

Format = Literal["json", "zip"]
PACKED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp3", ".ogg", ".m4a")


@dataclass(frozen=True)
class PresetFile:
    """A preset read from a file, valid and in the current schema, with its media."""

    path: str
    format: Format
    preset: Preset
    media: dict[str, bytes] = field(default_factory=dict)


def _json_preset(path: Path, data: bytes, what: str) -> Preset:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PresetFileError(
            what, f"is not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise PresetFileError(
            what,
            f"is not valid JSON (damaged or truncated?): {error.msg} at line {error.lineno} "
            f"column {error.colno}",
        ) from None
    try:
        return read_preset_json(raw, what)
    except InvalidPreset as error:
        raise PresetFileError(
            what, "is not a valid preset: " + "; ".join(map(str, error.problems)), error.problems
        ) from None
    except UnsupportedSchema as error:
        raise PresetFileError(what, str(error).removeprefix(f"{what} ")) from None


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry is refused, or None."""
    name = info.orig_filename
    parts = name.split("/")
    if "\\" in name or "\x00" in name:
        return "has a backslash or NUL in its name"
    if name.startswith("/") or _DRIVE.match(name):
        return "is an absolute path"
    if ".." in parts or "." in parts:
        return "leaves the archive (..)"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "is a link"
    if info.flag_bits & 0x1:
        return "is encrypted"
    if info.is_dir():
        return None if name == MEDIA_PREFIX else "is an unexpected folder"
    if name == PRESET_ENTRY:
        return None
    if not name.startswith(MEDIA_PREFIX) or "/" in name[len(MEDIA_PREFIX) :] or not parts[-1]:
        return "is not preset.json or a file directly in media/"
    return None


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, what: str) -> bytes:
    if info.file_size > limit:
        raise PresetFileError(
            what, f"zip entry {info.filename!r} is {info.file_size} bytes; the limit is {limit}"
        )
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise PresetFileError(
            what, f"zip entry {info.filename!r} unpacks to more than {limit} bytes"
        )
    return data


def _zip_preset(path: Path, what: str) -> PresetFile:
    try:
        archive = zipfile.ZipFile(path)
    except DAMAGED_ZIP as error:
        raise PresetFileError(
            what, f"is not a valid zip archive (damaged or truncated?): {error}"
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise PresetFileError(what, f"has {len(infos)} zip entries; the limit is {MAX_ENTRIES}")
        seen: set[str] = set()
        for info in infos:
            problem = _entry_problem(info)
            if problem is not None:
                raise PresetFileError(what, f"zip entry {info.orig_filename!r} {problem}; refused")
            if info.filename in seen:
                raise PresetFileError(what, f"zip entry {info.filename!r} appears twice; refused")
            seen.add(info.filename)
        if PRESET_ENTRY not in seen:
            raise PresetFileError(what, f"has no {PRESET_ENTRY} in the zip")
        try:
            preset = _json_preset(
                path,
                _read_capped(archive, archive.getinfo(PRESET_ENTRY), MAX_JSON_BYTES, what),
                f"{what}!{PRESET_ENTRY}",
            )
            media: dict[str, bytes] = {}
            total = 0
            for info in infos:
                if info.is_dir() or info.filename == PRESET_ENTRY:
                    continue
                data = _read_capped(archive, info, MAX_MEDIA_BYTES, what)
                total += len(data)
                if total > MAX_TOTAL_MEDIA_BYTES:
                    raise PresetFileError(
                        what, f"its media unpack to more than {MAX_TOTAL_MEDIA_BYTES} bytes"
                    )
                media[info.filename[len(MEDIA_PREFIX) :]] = data
        except PresetFileError:
            raise
        except DAMAGED_ZIP as error:
            raise PresetFileError(what, f"is a damaged zip archive: {error}") from None
    _check_media(preset, media, what)
    return PresetFile(what, "zip", preset, media)


def _check_media(preset: Preset, media: Mapping[str, bytes], what: str) -> None:
    listed = {m.name: m for m in preset.media}
    for name, data in media.items():
        entry = listed.get(name)
        if entry is None:
            raise PresetFileError(
                what, f"zip entry media/{name} is not listed in the preset's media"
            )
        if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise PresetFileError(
                what, f"zip entry media/{name} does not match the size and hash the preset lists"
            )
    missing = sorted(set(listed) - set(media))
    if missing:
        raise PresetFileError(what, f"the preset lists media/{missing[0]}, which is not in the zip")


def read_preset_file(path: Path) -> PresetFile:
    """The preset in an .atdpreset file (JSON or zip), or PresetFileError saying why not."""
    what = str(path)
    try:
        info = path.stat()
    except OSError as error:
        raise PresetFileError(what, f"cannot be read: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise PresetFileError(what, "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise PresetFileError(
            what,
            f"is {info.st_size / MiB:.1f} MiB; a preset file may be at most "
            f"{MAX_FILE_BYTES // MiB} MiB",
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(len(ZIP_MAGIC))
            if head == ZIP_MAGIC:
                return _zip_preset(path, what)
            if info.st_size > MAX_JSON_BYTES:
                raise PresetFileError(
                    what, f"is {info.st_size} bytes of JSON; the limit is {MAX_JSON_BYTES}"
                )
            data = head + handle.read(MAX_JSON_BYTES + 1 - len(head))
    except OSError as error:
        raise PresetFileError(what, f"cannot be read: {error.strerror or error}") from None
    if not data.strip():
        raise PresetFileError(what, "is empty")
    preset = _json_preset(path, data, what)
    if preset.media:
        raise PresetFileError(
            what, "lists media files but is plain JSON; media travel in the zip form of .atdpreset"
        )
    return PresetFile(what, "json", preset, {})


def media_entries(media: Mapping[str, bytes]) -> tuple[MediaFile, ...]:
    return tuple(
        MediaFile(name, len(data), hashlib.sha256(data).hexdigest())
        for name, data in sorted(media.items())
    )


def encode_preset_file(preset: Preset, media: Mapping[str, bytes]) -> tuple[Format, bytes]:
    """The bytes of an .atdpreset for `preset`: zip when it has media, else JSON."""
    preset = preset.with_changes(media=media_entries(media))
    data = check_preset(preset, f"the preset {preset.name!r}")
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if not media:
        return "json", text.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PRESET_ENTRY, text)
        for name, content in sorted(media.items()):
            # fonts, images and sounds are compressed already: deflating them again only costs
            method = zipfile.ZIP_STORED if name.endswith(PACKED) else zipfile.ZIP_DEFLATED
            archive.writestr(MEDIA_PREFIX + name, content, compress_type=method)
    return "zip", buffer.getvalue()


def write_preset_file(
    path: Path, preset: Preset, media: Mapping[str, bytes], *, writer: Writer = write_atomically
) -> Format:
    """Export to `path` atomically (a failed export leaves no half-written file)."""
    file_format, data = encode_preset_file(preset, media)
    try:
        writer(path, data)
    except OSError as error:
        raise PresetFileError(path, f"cannot be written: {error.strerror or error}") from None
    return file_format


def export_file_name(name: str) -> str:
    """A file name for the preset (what the save dialog suggests)."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", name).strip(" .-") or "preset"
    return safe[:80] + EXTENSION
