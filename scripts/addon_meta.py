"""The add-on's metadata, read from pyproject.toml (its one source), and manifest.json.

python scripts/addon_meta.py           # rewrite manifest.json
python scripts/addon_meta.py --check   # exit 1 if manifest.json is out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def read_pyproject(root: Path = ROOT) -> dict[str, Any]:
    with (root / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def addon_settings(root: Path = ROOT) -> dict[str, Any]:
    settings: dict[str, Any] = read_pyproject(root)["tool"]["anki-addon"]
    return settings


def manifest(root: Path = ROOT) -> dict[str, Any]:
    project = read_pyproject(root)
    addon = project["tool"]["anki-addon"]
    return {
        "package": addon["package"],
        "name": addon["name"],
        "min_point_version": addon["min_point_version"],
        "human_version": project["project"]["version"],
        "homepage": addon["homepage"],
    }


def manifest_text(root: Path = ROOT) -> str:
    return json.dumps(manifest(root), indent=4) + "\n"


def main(argv: list[str]) -> int:
    path = ROOT / "manifest.json"
    expected = manifest_text()
    if "--check" in argv:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != expected:
            print("manifest.json is out of date: run `make manifest`", file=sys.stderr)
            return 1
        return 0
    path.write_text(expected, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
