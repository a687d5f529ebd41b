"""Builds the add-on: a staged folder or the .ankiaddon zip that AnkiWeb and users install.

    python scripts/package.py                      # dist/anki_template_designer.ankiaddon
    python scripts/package.py --stage DIR          # the same files as a folder

The zip has no top-level folder, no caches, no tests, scripts or web sources: only the
files listed in pyproject.toml's [tool.anki-addon] include (with `_vendor/`, which
`make vendor` builds, one folder per platform for compiled dependencies) and the
generated manifest.json. The zip's size is printed per part and must stay within
BUDGET_BYTES (AnkiWeb users download it whole).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from addon_meta import ROOT, addon_settings, manifest_text
from anki_template_designer.services import integrity  # type: ignore[import-untyped]
from platform_wheels import PLATFORMS

IGNORED = shutil.ignore_patterns(
    "__pycache__", "*.pyc", "*.pyo", ".DS_Store", "meta.json", "user_files"
)
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
BUDGET_BYTES = 15_000_000
TOTAL_LABEL = "total (.ankiaddon)"


class OverBudget(SystemExit):
    pass


def stage(dest: Path, root: Path = ROOT) -> Path:
    settings = addon_settings(root)
    if not (root / "web" / "dist" / "index.html").exists():
        raise SystemExit("web/dist is missing: run `make web` first")
    if not (root / "_vendor" / "__init__.py").exists():
        raise SystemExit("_vendor/ is missing: run `make vendor` first")
    missing = [p for p in PLATFORMS if not (root / "_vendor" / p / "__init__.py").exists()]
    if missing:
        raise SystemExit(f"_vendor/ lacks {', '.join(missing)}: run `make vendor` first")
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
    # Last, so it lists every file shipped (services/integrity.py checks it at load).
    files = {"files": integrity.listing(dest)}
    (dest / integrity.FILE_NAME).write_text(json.dumps(files, indent=0), encoding="utf-8")
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


def part_of(name: str) -> str:
    """The part a zip entry counts toward: its top folder, or _vendor/<sub> for vendored."""
    parts = name.split("/")
    if parts[0] == "_vendor" and len(parts) > 2:
        return "/".join(parts[:2])
    return parts[0] if len(parts) > 1 else "(top-level files)"


def sizes_by_part(archive: Path) -> dict[str, int]:
    """Compressed bytes in `archive` per part, largest first."""
    sizes: dict[str, int] = {}
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            part = part_of(info.filename)
            sizes[part] = sizes.get(part, 0) + info.compress_size
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


def size_report(archive: Path, budget: int = BUDGET_BYTES) -> str:
    total = archive.stat().st_size
    lines = [f"{part:<34} {size / 1e6:7.2f} MB" for part, size in sizes_by_part(archive).items()]
    lines.append(f"{'total (.ankiaddon)':<34} {total / 1e6:7.2f} MB of {budget / 1e6:.2f} MB")
    return "\n".join(lines)


def check_budget(archive: Path, budget: int = BUDGET_BYTES) -> None:
    total = archive.stat().st_size
    if total > budget:
        raise OverBudget(
            f"{archive.name} is {total / 1e6:.2f} MB, over the {budget / 1e6:.2f} MB budget"
        )


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
        print(size_report(out))
        check_budget(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
