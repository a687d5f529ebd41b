"""Builds the add-on: a staged folder or the .ankiaddon zip that AnkiWeb and users install.

    python scripts/package.py                      # dist/anki_template_designer.ankiaddon
    python scripts/package.py --stage DIR          # the same files as a folder

The zip has no top-level folder, no caches, no tests, scripts or web sources: only the
files listed in pyproject.toml's [tool.anki-addon] include (with `_vendor/`, which
`make vendor` builds) and the generated manifest.json.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from addon_meta import ROOT, addon_settings, manifest_text

IGNORED = shutil.ignore_patterns(
    "__pycache__", "*.pyc", "*.pyo", ".DS_Store", "meta.json", "user_files"
)
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def stage(dest: Path, root: Path = ROOT) -> Path:
    settings = addon_settings(root)
    if not (root / "web" / "dist" / "index.html").exists():
        raise SystemExit("web/dist is missing: run `make web` first")
    if not (root / "_vendor" / "__init__.py").exists():
        raise SystemExit("_vendor/ is missing: run `make vendor` first")
    dest.mkdir(parents=True, exist_ok=True)
    for entry in settings["include"]:
        source = root / entry
        target = dest / entry
        if source.is_dir():
            shutil.copytree(source, target, ignore=IGNORED, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (dest / "manifest.json").write_text(manifest_text(root), encoding="utf-8")
    return dest


def build_zip(out: Path, root: Path = ROOT) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        staged = stage(Path(tmp) / "addon", root)
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(staged.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo(path.relative_to(staged).as_posix(), FIXED_TIME)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, path.read_bytes())
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "dist" / "anki_template_designer.ankiaddon"
    )
    parser.add_argument("--stage", type=Path, help="write a folder instead of a zip")
    args = parser.parse_args(argv)
    if args.stage:
        print(stage(args.stage))
    else:
        out = build_zip(args.out)
        print(f"{out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
