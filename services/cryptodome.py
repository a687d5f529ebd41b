"""pycryptodomex, wherever this machine has it (DESIGN.md §8): the package ships one copy
per platform under `_vendor/<platform>/` (scripts/platform_wheels.py) and this module
picks the one built for the running platform; failing that an importable ``Cryptodome``;
else None. It is compiled, so every feature that needs it (index signatures, encrypted
backups) says so clearly when it is absent (see `unavailable_reason`), and everything
else works."""

from __future__ import annotations

import importlib
import platform
import sys
from types import ModuleType

_VENDOR = __name__.rsplit(".", 2)[0] + "._vendor"

# (sys.platform prefix, platform.machine() lower-cased) -> folder in _vendor/.
_PLATFORM_FOLDERS = {
    ("win32", "amd64"): "win_amd64",
    ("win32", "x86_64"): "win_amd64",
    ("win32", "arm64"): "win_arm64",
    ("win32", "aarch64"): "win_arm64",
    ("darwin", "arm64"): "macosx_arm64",
    ("darwin", "x86_64"): "macosx_x86_64",
    ("linux", "x86_64"): "manylinux_x86_64",
    ("linux", "amd64"): "manylinux_x86_64",
    ("linux", "aarch64"): "manylinux_aarch64",
    ("linux", "arm64"): "manylinux_aarch64",
}


def platform_folder(system: str | None = None, machine: str | None = None) -> str | None:
    """The `_vendor/` folder built for this platform, or None where none is shipped."""
    system = sys.platform if system is None else system
    machine = (platform.machine() if machine is None else machine).lower()
    for prefix in ("win32", "darwin", "linux"):
        if system.startswith(prefix):
            return _PLATFORM_FOLDERS.get((prefix, machine))
    return None


def known_platform_folders() -> frozenset[str]:
    return frozenset(_PLATFORM_FOLDERS.values())


def _roots() -> list[str]:
    folder = platform_folder()
    vendored = [f"{_VENDOR}.{folder}.Cryptodome"] if folder else []
    return [*vendored, "Cryptodome"]


def cryptodome(submodule: str) -> ModuleType | None:
    """`Cryptodome.<submodule>` (e.g. "Cipher.AES"), or None when there is none here."""
    for root in _roots():
        try:
            return importlib.import_module(f"{root}.{submodule}")
        except (ImportError, OSError):  # absent, or a damaged shared library
            continue
    return None


def unavailable_reason() -> str:
    """Why pycryptodomex cannot be loaded here, for the message a feature shows."""
    folder = platform_folder()
    where = f"{sys.platform}/{platform.machine() or 'unknown machine'}"
    if folder is None:
        return (
            f"this add-on ships its encryption library for Windows, macOS and Linux on "
            f"x86-64 and ARM64, not for {where}"
        )
    return f"the encryption library for {where} (_vendor/{folder}) is missing or damaged"
