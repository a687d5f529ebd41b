"""Is the installed add-on whole? A half-finished update or a damaged disk can leave a file
missing or changed; Anki would then show a traceback from whichever import broke first.

The package carries `integrity.json` (written by scripts/package.py): the sha256 of every
file it ships. `problems()` compares the installed folder with it, skipping the compiled
libraries of other platforms (never loaded here); a development checkout has no such file
and is not checked. Standard library only: this runs before anything else is imported.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

FILE_NAME = "integrity.json"
PLATFORM_FOLDERS_PREFIX = "_vendor/"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(root: Path) -> dict[str, str]:
    """{relative posix path: sha256} of every file under `root` (for the package)."""
    return {
        path.relative_to(root).as_posix(): digest(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != FILE_NAME
    }


def problems(addon_dir: Path, skip_prefixes: tuple[str, ...] = ()) -> list[str]:
    """What is missing or changed, one line each naming the file; [] when whole."""
    record = addon_dir / FILE_NAME
    if not record.exists():
        return []
    try:
        files = json.loads(record.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"{FILE_NAME} cannot be read ({error})"]
    found: list[str] = []
    for name, expected in sorted(files.items()):
        if name.startswith(skip_prefixes):
            continue
        path = addon_dir / name
        try:
            actual = digest(path)
        except FileNotFoundError:
            found.append(f"{name} is missing")
            continue
        except OSError as error:
            found.append(f"{name} cannot be read ({error.strerror})")
            continue
        if actual != expected:
            found.append(f"{name} is damaged (its content changed)")
    return found


def message(addon_name: str, found: list[str]) -> str:
    """The one message the user sees: what is wrong and what to do."""
    shown = found[:5] + ([f"… and {len(found) - 5} more"] if len(found) > 5 else [])
    return (
        f"{addon_name} is incomplete (an update may not have finished) and was not started:\n"
        + "\n".join(f"• {line}" for line in shown)
        + "\n\nReinstall it from Tools → Add-ons; your presets and drafts are kept."
    )
