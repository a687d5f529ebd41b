"""The user's presets on disk: one JSON file per preset in `user_files/presets`.

`user_files/` survives add-on updates. Each preset is `<id>.json` (ids are random, so a
rename never moves a file) with its media, if any, in `<id>.media/`. Writes are atomic
(`atomic.py`) and checked against the schema first; reads are checked too, and a file that
fails is reported (path and reason) without hiding the others.

Every write runs under the folder lock and is guarded by an *etag* (a hash of the bytes
the caller last read): two windows editing the same preset cannot silently overwrite each
other, the second one gets `PresetConflict` and must reload.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .atomic import Writer, fsync_directory, write_atomically
from .errors import (
    DuplicateName,
    InvalidPreset,
    PresetConflict,
    PresetError,
    PresetFileError,
    PresetNotFound,
    UnsupportedSchema,
)
from .locking import FolderLock
from .model import Preset, utc_stamp
from .schema import check_preset, read_preset_json

USER_ID = re.compile(r"^[0-9a-f]{32}$")
#: A stored preset larger than this is refused (the schema's text limits are far below).
MAX_STORED_BYTES = 4 * 1024 * 1024
LOCK_NAME = ".lock"


def etag_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:24]


def normalize_name(name: str) -> str:
    """Names are compared and stored with runs of white space collapsed."""
    return " ".join(name.split())


@dataclass(frozen=True)
class StoredPreset:
    preset: Preset
    #: Changes whenever the file's bytes change; pass it back to update or delete.
    etag: str

    def to_json(self) -> dict[str, object]:
        return {**self.preset.to_json(), "etag": self.etag, "builtin": self.preset.builtin}

    def summary_json(self) -> dict[str, object]:
        return {**self.preset.summary_json(), "etag": self.etag}


@dataclass(frozen=True)
class StoreProblem:
    """A file in the folder that is not a usable preset, and why."""

    path: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "message": self.reason}


class PresetStore:
    def __init__(
        self,
        directory: Path,
        *,
        reserved_names: Iterable[str] = (),
        clock: Callable[[], float] = time.time,
        writer: Writer = write_atomically,
        lock_timeout: float = 10.0,
    ) -> None:
        self._directory = directory
        self._reserved = {normalize_name(n).casefold(): n for n in reserved_names}
        self._clock = clock
        self._write = writer
        self._lock = FolderLock(directory / LOCK_NAME, timeout=lock_timeout)
        # Parsed presets by content hash: an unchanged file is not parsed twice.
        self._parsed: dict[str, Preset] = {}
        self._problems: list[StoreProblem] = []

    @property
    def directory(self) -> Path:
        return self._directory

    def _path(self, preset_id: str) -> Path:
        if not USER_ID.match(preset_id):
            raise PresetNotFound(f"no preset with id {preset_id!r}")
        return self._directory / f"{preset_id}.json"

    def check(self) -> None:
        """For `registry.ping()`: the folder exists (or can be made) and can be locked."""
        with self._lock:
            pass

    def media_dir(self, preset_id: str) -> Path:
        return self._path(preset_id).with_suffix(".media")

    # -- reading -------------------------------------------------------------------------

    def _read(self, path: Path) -> StoredPreset:
        try:
            size = path.stat().st_size
            if size > MAX_STORED_BYTES:
                raise PresetFileError(
                    path, f"is {size} bytes; a preset may be at most {MAX_STORED_BYTES}"
                )
            data = path.read_bytes()
        except FileNotFoundError:
            raise PresetNotFound(f"no preset with id {path.stem!r}") from None
        except OSError as error:
            raise PresetFileError(path, f"cannot be read: {error.strerror or error}") from None
        etag = etag_of(data)
        preset = self._parsed.get(etag)
        if preset is None:
            preset = self._parse(path, data)
            if len(self._parsed) > 4096:
                self._parsed.clear()
            self._parsed[etag] = preset
        if preset.id != path.stem:
            raise PresetFileError(path, f"holds the preset id {preset.id!r}, not {path.stem!r}")
        return StoredPreset(preset, etag)

    def _parse(self, path: Path, data: bytes) -> Preset:
        try:
            raw = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise PresetFileError(path, f"is not UTF-8 text ({error.reason})") from None
        except json.JSONDecodeError as error:
            raise PresetFileError(
                path,
                f"is not valid JSON (damaged or truncated?): {error.msg} at line "
                f"{error.lineno} column {error.colno}",
            ) from None
        try:
            preset = read_preset_json(raw, str(path), now=utc_stamp(self._clock()))
        except InvalidPreset as error:
            raise PresetFileError(
                path,
                "is not a valid preset: " + "; ".join(map(str, error.problems)),
                error.problems,
            ) from None
        except UnsupportedSchema as error:
            raise PresetFileError(path, str(error).removeprefix(f"{path} ")) from None
        return preset

    def get(self, preset_id: str) -> StoredPreset:
        return self._read(self._path(preset_id))

    def all(self) -> list[StoredPreset]:
        """Every readable preset, by name; unreadable files are in `problems`."""
        found: list[StoredPreset] = []
        problems: list[StoreProblem] = []
        if self._directory.is_dir():
            for path in sorted(self._directory.glob("*.json")):
                if not USER_ID.match(path.stem):
                    continue
                try:
                    found.append(self._read(path))
                except PresetNotFound:
                    continue  # deleted by another window while listing
                except PresetError as error:
                    problems.append(StoreProblem(str(path), str(error)))
        self._problems = problems
        return sorted(found, key=lambda s: s.preset.name.casefold())

    @property
    def problems(self) -> list[StoreProblem]:
        """Files the last `all()` could not use."""
        return list(self._problems)

    # -- writing -------------------------------------------------------------------------

    def _check_name_free(self, name: str, ignore_id: str | None = None) -> None:
        folded = normalize_name(name).casefold()
        if folded in self._reserved:
            raise DuplicateName(f"{name!r} is the name of a built-in preset; choose another name")
        for stored in self.all():
            if stored.preset.id != ignore_id and stored.preset.name.casefold() == folded:
                raise DuplicateName(f"a preset called {stored.preset.name!r} already exists")

    def _write_preset(self, preset: Preset) -> StoredPreset:
        path = self._path(preset.id)
        data = check_preset(preset, str(path))
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        encoded = text.encode("utf-8")
        if len(encoded) > MAX_STORED_BYTES:
            raise PresetError(
                f"{preset.name!r} would be {len(encoded)} bytes; presets may be at most "
                f"{MAX_STORED_BYTES}"
            )
        self._write(path, encoded)
        etag = etag_of(encoded)
        self._parsed[etag] = preset
        return StoredPreset(preset, etag)

    def unused_name(self, wanted: str) -> str:
        """`wanted`, or `wanted (2)`, `(3)`... whichever no preset has."""
        base = normalize_name(wanted)
        taken = set(self._reserved) | {s.preset.name.casefold() for s in self.all()}
        name, number = base, 2
        while name.casefold() in taken:
            suffix = f" ({number})"
            name = base[: 80 - len(suffix)] + suffix
            number += 1
        return name

    def create(
        self, preset: Preset, media: Mapping[str, bytes] | None = None, *, rename: bool = False
    ) -> StoredPreset:
        """Store a new preset under a fresh id (whatever `preset.id` says).

        The name must be free (or, with `rename`, the first free `Name (n)` is taken).
        Media files are written first and the preset file last, so a failure leaves no
        preset behind and a preset is never without its media.
        """
        media = dict(media or {})
        with self._lock:
            now = utc_stamp(self._clock())
            name = normalize_name(preset.name)
            if rename:
                name = self.unused_name(name)
            else:
                self._check_name_free(name)
            new = preset.with_changes(
                id=uuid.uuid4().hex, name=name, revision=1, created=now, modified=now, builtin=False
            )
            check_preset(new, f"the preset {name!r}")
            media_dir = self.media_dir(new.id)
            if media:
                self._write_media(media_dir, media)
            try:
                return self._write_preset(new)
            except BaseException:
                shutil.rmtree(media_dir, ignore_errors=True)
                raise

    def _write_media(self, media_dir: Path, media: Mapping[str, bytes]) -> None:
        staging = media_dir.with_name(f".{media_dir.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            staging.mkdir(parents=True)
            for name, data in media.items():
                if Path(name).name != name or name.startswith("."):
                    raise PresetError(f"media name {name!r} is not a plain file name")
                self._write(staging / name, data)
            staging.rename(media_dir)
            fsync_directory(self._directory)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def update(self, preset_id: str, etag: str, change: Callable[[Preset], Preset]) -> StoredPreset:
        """Apply `change` to the preset if it is still as the caller read it (`etag`)."""
        with self._lock:
            current = self.get(preset_id)
            self._check_etag(current, etag)
            changed = change(current.preset)
            name = normalize_name(changed.name)
            if name.casefold() != current.preset.name.casefold():
                self._check_name_free(name, ignore_id=preset_id)
            new = changed.with_changes(
                id=preset_id,
                name=name,
                revision=current.preset.revision + 1,
                created=current.preset.created,
                modified=utc_stamp(self._clock()),
                media=current.preset.media,
                builtin=False,
            )
            return self._write_preset(new)

    def delete(self, preset_id: str, etag: str) -> None:
        with self._lock:
            current = self.get(preset_id)
            self._check_etag(current, etag)
            self._path(preset_id).unlink()
            shutil.rmtree(self.media_dir(preset_id), ignore_errors=True)
            fsync_directory(self._directory)

    @staticmethod
    def _check_etag(current: StoredPreset, etag: str) -> None:
        if current.etag != etag:
            raise PresetConflict(
                f"{current.preset.name!r} was changed in another window since you opened it "
                f"(it is now revision {current.preset.revision}); reload it, then make your "
                "change again"
            )

    def media_bytes(self, preset: Preset) -> dict[str, bytes]:
        """The preset's media files, each checked against its recorded hash."""
        found: dict[str, bytes] = {}
        for entry in preset.media:
            path = self.media_dir(preset.id) / entry.name
            try:
                data = path.read_bytes()
            except OSError as error:
                raise PresetFileError(path, f"cannot be read: {error.strerror or error}") from None
            if hashlib.sha256(data).hexdigest() != entry.sha256:
                raise PresetFileError(path, "does not match the hash recorded in the preset")
            found[entry.name] = data
        return found
