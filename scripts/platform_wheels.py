"""Compiled dependencies, once per platform: pinned wheels, checked by hash, unpacked under
`_vendor/<platform>/` in the package with their imports made relative.

    python scripts/platform_wheels.py DEST_VENDOR_DIR   # used by scripts/package.py

Anki is released for six platforms and bundles its own Python,
so only abi3 wheels (cp37+) are used: one wheel serves every Anki Python. The wheels and
their sha256 are pinned in requirements-compiled.txt; downloads are kept in the gitignored
`.cache/wheels/` so a second build (and CI with a warm cache) needs no network. At run
time services/cryptodome.py picks the folder for the running platform.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from addon_meta import ROOT
from vendoring import rewrite_tree

REQUIREMENTS = ROOT / "requirements-compiled.txt"
CACHE = ROOT / ".cache" / "wheels"

# Folder name in _vendor/ -> the pip platform tag that finds its wheel. The folder names
# are the ones services/cryptodome.py computes from sys.platform and platform.machine().
PLATFORMS: dict[str, str] = {
    "win_amd64": "win_amd64",
    "win_arm64": "win_arm64",
    "macosx_arm64": "macosx_11_0_arm64",  # served by the universal2 wheel
    "macosx_x86_64": "macosx_10_9_x86_64",
    "manylinux_x86_64": "manylinux2014_x86_64",
    "manylinux_aarch64": "manylinux2014_aarch64",
}

# Not needed at run time: the library's own test suite and type stubs (about a quarter
# of each unpacked wheel).
DROPPED = shutil.ignore_patterns("SelfTest", "*.pyi", "py.typed", "__pycache__")


class WheelError(RuntimeError):
    pass


def pinned(requirements: Path = REQUIREMENTS) -> tuple[list[str], set[str]]:
    """The requirement lines (`name==version`) and every allowed sha256."""
    text = requirements.read_text(encoding="utf-8").replace("\\\n", " ")
    specs: list[str] = []
    hashes: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spec = line.split()[0]
        if "==" not in spec:
            raise WheelError(f"{requirements.name}: {spec!r} is not pinned with ==")
        line_hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
        if not line_hashes:
            raise WheelError(f"{requirements.name}: {spec} has no --hash=sha256:")
        specs.append(spec)
        hashes.update(line_hashes)
    return specs, hashes


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cached(folder: Path, project: str, hashes: set[str]) -> list[Path]:
    prefix = project.replace("-", "_").lower() + "-"
    return [
        wheel
        for wheel in sorted(folder.glob("*.whl"))
        if wheel.name.lower().startswith(prefix) and sha256(wheel) in hashes
    ]


def fetch(platform: str, requirements: Path = REQUIREMENTS, cache: Path = CACHE) -> list[Path]:
    """The pinned wheels for one platform: from the cache, else downloaded into it."""
    specs, hashes = pinned(requirements)
    folder = cache / platform
    wheels: list[Path] = []
    for spec in specs:
        project = spec.split("==")[0]
        found = _cached(folder, project, hashes)
        if not found:
            folder.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--disable-pip-version-check",
                    "--no-deps",
                    "--only-binary=:all:",
                    "--require-hashes",
                    "--implementation",
                    "cp",
                    "--abi",
                    "abi3",
                    "--python-version",
                    "3.9",
                    "--platform",
                    PLATFORMS[platform],
                    "--dest",
                    str(folder),
                    "-r",
                    str(requirements),
                ],
                check=True,
            )
            found = _cached(folder, project, hashes)
        if len(found) != 1:
            raise WheelError(
                f"{platform}: expected one pinned wheel of {spec} in {folder}, found {found}"
            )
        wheels.append(found[0])
    return wheels


def unpack(wheel: Path, target: Path) -> None:
    """Unpack a wheel's packages (not its .dist-info) into `target`, minus DROPPED."""
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.startswith("/") or ".." in Path(name).parts:
                    raise WheelError(f"{wheel.name}: unsafe path {name!r}")
            archive.extractall(tmp)
        for entry in Path(tmp).iterdir():
            if entry.name.endswith(".dist-info"):
                licence = next(entry.glob("LICENSE*"), None)
                if licence:
                    shutil.copy2(licence, target / f"{entry.name.split('-')[0]}-LICENSE.rst")
                continue
            if entry.is_dir():
                shutil.copytree(entry, target / entry.name, ignore=DROPPED)


def build(
    vendor_dir: Path, requirements: Path = REQUIREMENTS, cache: Path = CACHE
) -> dict[str, int]:
    """Fill `vendor_dir/<platform>/` for every platform; returns {platform: bytes}."""
    sizes: dict[str, int] = {}
    for platform in PLATFORMS:
        target = vendor_dir / platform
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        (target / "__init__.py").write_text(
            f'"""Compiled dependencies for {platform} (built by make package)."""\n'
        )
        for wheel in fetch(platform, requirements, cache):
            unpack(wheel, target)
        rewrite_tree(target)
        sizes[platform] = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    return sizes


def main(argv: list[str]) -> int:
    vendor_dir = Path(argv[0]) if argv else ROOT / "_vendor"
    for platform, size in build(vendor_dir).items():
        print(f"{vendor_dir.name}/{platform}: {size / 1e6:.2f} MB unpacked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
