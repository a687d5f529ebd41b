"""`.atdplugin` files: a zip of one plugin folder, checked before a byte of it is written.

A package is untrusted until it is unpacked and its manifest validated. Refused, with the
entry named: names with ``..``, absolute names, drive letters or backslashes, links and
other special files, duplicates (also ones differing only in case, which clash on Windows
and macOS), encrypted entries, too many entries, and more bytes unpacked than the limit
(counted while unpacking too, so a header that lies does not help a zip bomb).

The manifest (`plugin.json`) sits at the top of the zip, or in its one top-level folder.
"""

from __future__ import annotations

import io
import json
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ...sdk.errors import DesignerError
from ..validation import ValidationFailed
from .manifest import FILE_NAME, Manifest, parse_manifest

EXTENSION = "atdplugin"
MAX_PACKAGE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2000
_CHUNK = 64 * 1024
_WINDOWS_FORBIDDEN = set('<>:"|?*')


class PackageRefused(DesignerError):
    """The package is not installed; the message says what in it and why."""


@dataclass(frozen=True)
class PackageContents:
    manifest: Manifest
    files: dict[str, int]  # path inside the plugin folder -> size


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if "\x00" in name:
        return "has a NUL character in its name"
    if "\\" in name:
        return "uses a backslash in its name"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    parts = PurePosixPath(name).parts
    if ".." in parts:
        return "climbs out of the plugin folder (..)"
    if any(set(p) & _WINDOWS_FORBIDDEN or p.endswith((" ", ".")) for p in parts if p != "."):
        return "has a name Windows cannot store"
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if kind and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "is not a plain file or folder"
    if info.flag_bits & 0x1:
        return "is encrypted"
    return None


def _plugin_root(names: list[str]) -> str:
    """'' when plugin.json is at the top, else the one top-level folder holding it."""
    if FILE_NAME in names:
        return ""
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1:
        top = next(iter(tops))
        if f"{top}/{FILE_NAME}" in names:
            return top + "/"
    raise PackageRefused(f"no {FILE_NAME} at the top of the package (or in its one folder)")


def read_package(data: bytes, source: str) -> tuple[zipfile.ZipFile, PackageContents, str]:
    """Open and check the zip (no writing); returns it, its contents and its root."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise PackageRefused(f"{source}: larger than {MAX_PACKAGE_BYTES // 2**20} MiB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise PackageRefused(f"{source}: not a plugin package (zip): {error}") from None
    if len(infos) > MAX_ENTRIES:
        raise PackageRefused(f"{source}: {len(infos)} entries, more than {MAX_ENTRIES}")
    seen: dict[str, str] = {}
    total = 0
    for info in infos:
        problem = _entry_problem(info)
        if problem is not None:
            raise PackageRefused(f"{source}: {info.filename!r} {problem}")
        folded = info.filename.rstrip("/").casefold()
        if folded in seen:
            raise PackageRefused(
                f"{source}: {info.filename!r} is in the package twice (as {seen[folded]!r})"
            )
        seen[folded] = info.filename
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise PackageRefused(
                f"{source}: unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MiB"
            )
    files = [i.filename for i in infos if not i.is_dir()]
    root = _plugin_root(files)
    outside = [n for n in files if not n.startswith(root)]
    if outside:
        raise PackageRefused(f"{source}: {outside[0]!r} is outside the plugin folder {root!r}")
    try:
        manifest_data = json.loads(archive.read(root + FILE_NAME).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, zipfile.BadZipFile) as error:
        raise PackageRefused(f"{source}: {FILE_NAME} is not JSON: {error}") from None
    try:
        manifest = parse_manifest(manifest_data, f"{source}: {FILE_NAME}")
    except ValidationFailed as error:
        raise PackageRefused(str(error), error.bridge_details()) from None
    inside = {n[len(root) :]: archive.getinfo(n).file_size for n in files}
    if manifest.entry not in inside:
        raise PackageRefused(f"{source}: {FILE_NAME}: /entry: {manifest.entry} is not in it")
    return archive, PackageContents(manifest, inside), root


def unpack(data: bytes, source: str, target: Path) -> PackageContents:
    """Check the package and write its plugin folder's files into `target` (new, empty)."""
    archive, contents, root = read_package(data, source)
    target.mkdir(parents=False, exist_ok=False)
    written = 0
    for name, declared in contents.files.items():
        destination = target.joinpath(*PurePosixPath(name).parts)
        if not destination.resolve().is_relative_to(target.resolve()):
            raise PackageRefused(f"{source}: {name!r} climbs out of the plugin folder")
        size = 0
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(root + name) as reader, destination.open("xb") as writer:
                while chunk := reader.read(_CHUNK):
                    size += len(chunk)
                    written += len(chunk)
                    if size > declared or written > MAX_UNPACKED_BYTES:
                        raise PackageRefused(f"{source}: {name!r} unpacks larger than it says")
                    writer.write(chunk)
        except (zipfile.BadZipFile, EOFError, OSError) as error:
            if isinstance(error, FileExistsError):
                raise PackageRefused(f"{source}: {name!r} clashes with another entry") from None
            raise PackageRefused(f"{source}: {name!r} cannot be unpacked: {error}") from None
    return contents
