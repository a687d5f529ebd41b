"""The designer's own data in a snapshot, beside the note types: presets (designs, themes
and snippets, with their media), autosaved drafts and the add-on's config.

They are files under `~designer/` in the snapshot (`~designer/presets/<id>.json`,
`~designer/presets/<id>.media/<file>`, `~designer/drafts/notetype-<id>.json`,
`~designer/config.json`). A note type's folder never starts with `~`
(`notetype_files/names.py` escapes it), so the two never meet.

Restoring writes the snapshot's files back atomically and changes nothing else: a preset
or draft made since stays (the before-restore snapshot holds everything as it was, so a
restore can itself be undone by restoring that one). Restoring one preset writes only its
own file and media.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..presets.atomic import write_atomically

PREFIX = "~designer/"
CONFIG_PATH = PREFIX + "config.json"
#: The folders covered, by their name in the snapshot.
FOLDERS = ("presets", "drafts")
#: What a preset's files are called in the snapshot.
_PRESET = re.compile(r"^~designer/presets/([0-9a-f]{32})(?:\.json|\.media/.+)$")


class UserDataError(Exception):
    """A snapshot's user data cannot be put back (named: which file and why)."""


@dataclass(frozen=True)
class UserData:
    """Where this profile's designer data lives, and how the config is read and set."""

    folders: Mapping[str, Path]
    config: Callable[[], Mapping[str, Any]]
    set_config: Callable[[dict[str, Any]], None]


@dataclass
class RestoredData:
    files: list[str] = field(default_factory=list)  # snapshot paths written back
    config: bool = False
    before: str | None = None  # the before-restore snapshot's id (set by the caller)


def is_user_path(path: str) -> bool:
    return path.startswith(PREFIX)


def notetype_paths(files: Mapping[str, str]) -> dict[str, str]:
    """A snapshot's files without the user data: only note type folders."""
    return {path: name for path, name in files.items() if not is_user_path(path)}


def _transient(relative: PurePosixPath) -> bool:
    """Lock files and the temporary files of an atomic write (both start with a dot)."""
    return any(part.startswith(".") for part in relative.parts)


def user_files(data: UserData) -> dict[str, bytes]:
    """Every file to snapshot, by its path in the snapshot."""
    files: dict[str, bytes] = {}
    for key in FOLDERS:
        folder = data.folders.get(key)
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            relative = PurePosixPath(path.relative_to(folder).as_posix())
            if path.is_file() and not _transient(relative):
                try:
                    files[f"{PREFIX}{key}/{relative}"] = path.read_bytes()
                except FileNotFoundError:  # removed while listed: not there to keep
                    continue
    config = json.dumps(dict(data.config()), sort_keys=True, indent=1, ensure_ascii=False)
    files[CONFIG_PATH] = config.encode("utf-8")
    return files


def preset_ids(paths: Mapping[str, Any]) -> list[str]:
    """The ids of the presets a snapshot holds."""
    found = {match.group(1) for path in paths if (match := _PRESET.match(path))}
    return sorted(found)


def preset_paths(paths: Mapping[str, Any], preset_id: str) -> list[str]:
    return sorted(
        path for path in paths if (match := _PRESET.match(path)) and match.group(1) == preset_id
    )


def _target(data: UserData, path: str) -> Path:
    """Where a snapshot path goes on disk; refuses any path that would leave its folder."""
    key, _, inner = path[len(PREFIX) :].partition("/")
    folder = data.folders.get(key)
    relative = PurePosixPath(inner)
    if (
        folder is None
        or not inner
        or relative.is_absolute()
        or any(part in ("", ".", "..") for part in relative.parts)
        or _transient(relative)
    ):
        raise UserDataError(f"the snapshot holds an unexpected file {path!r}: not restored")
    return folder.joinpath(*relative.parts)


def restore_user_files(
    data: UserData, files: Mapping[str, bytes], paths: list[str] | None = None
) -> RestoredData:
    """Write the snapshot's user files back (only `paths` when given; the config only
    when all are restored). Every target is checked before anything is written."""
    chosen = sorted(p for p in files if is_user_path(p)) if paths is None else sorted(paths)
    planned = [(path, _target(data, path)) for path in chosen if path != CONFIG_PATH]
    config: dict[str, Any] | None = None
    if CONFIG_PATH in chosen:
        try:
            config = dict(json.loads(files[CONFIG_PATH]))
        except (ValueError, TypeError) as error:
            raise UserDataError(f"the snapshot's config cannot be read: {error}") from None
    done = RestoredData()
    for path, target in planned:
        write_atomically(target, files[path])
        done.files.append(path)
    if config is not None:
        data.set_config(config)
        done.config = True
    return done
