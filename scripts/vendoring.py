"""Vendors pure-Python dependencies into `_vendor/` and makes their imports relative.

Inside Anki the add-on is imported under its folder name (a number for AnkiWeb installs),
so neither `sys.path` changes nor absolute `import vendored_lib` can be used. Each import
of a vendored top-level name is rewritten from the syntax tree (not with regexes):

    import a            ->  from .. import a
    import a as b       ->  from .. import a as b
    import a.b          ->  from .. import a; from ..a import b as _vendored_a_b
    import a.b as c     ->  from ..a import b as c
    from a.b import x   ->  from ..a.b import x

with as many dots as the module is deep below `_vendor/`.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


class VendoringError(RuntimeError):
    pass


#: Compiled accelerators a package falls back from to pure Python when absent (websockets
#: imports `speedups` in a try and uses utils.apply_mask otherwise): dropped, not refused.
OPTIONAL_COMPILED = ("websockets/speedups",)


def _dots(module_path: Path, vendor_dir: Path) -> str:
    depth = len(module_path.parent.relative_to(vendor_dir).parts)
    return "." * (depth + 1)


def _rewrite_alias(alias: ast.alias, dots: str) -> str:
    parts = alias.name.split(".")
    if len(parts) == 1:
        return f"from {dots} import {alias.name}" + (f" as {alias.asname}" if alias.asname else "")
    parent, leaf = ".".join(parts[:-1]), parts[-1]
    if alias.asname:
        return f"from {dots}{parent} import {leaf} as {alias.asname}"
    unused = "_vendored_" + "_".join(parts)
    return f"from {dots} import {parts[0]}; from {dots}{parent} import {leaf} as {unused}"


def rewrite_source(source: str, names: set[str], dots: str) -> str:
    """Return `source` with imports of `names` made relative (`dots` deep)."""
    tree = ast.parse(source)
    raw = source.encode("utf-8")
    # Byte offsets of line starts as Python's parser counts lines (\n, \r, \r\n only;
    # str.splitlines would also break at form feeds and U+2028 and shift every edit).
    offsets = [0]
    for line in raw.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    edits: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        replacement: str | None = None
        if isinstance(node, ast.Import):
            if not any(a.name.split(".")[0] in names for a in node.names):
                continue
            kept = [a for a in node.names if a.name.split(".")[0] not in names]
            pieces = []
            if kept:
                pieces.append(
                    "import "
                    + ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in kept)
                )
            pieces += [_rewrite_alias(a, dots) for a in node.names if a not in kept]
            replacement = "; ".join(pieces)
        elif node.level == 0 and node.module:
            if node.module.split(".")[0] not in names:
                continue
            imported = ", ".join(
                a.name + (f" as {a.asname}" if a.asname else "") for a in node.names
            )
            replacement = f"from {dots}{node.module} import {imported}"
        if replacement is None:
            continue
        assert node.end_lineno is not None and node.end_col_offset is not None
        start = offsets[node.lineno - 1] + node.col_offset
        end = offsets[node.end_lineno - 1] + node.end_col_offset
        edits.append((start, end, replacement))
    for start, end, replacement in sorted(edits, reverse=True):
        raw = raw[:start] + replacement.encode("utf-8") + raw[end:]
    return raw.decode("utf-8")


def top_level_names(vendor_dir: Path) -> set[str]:
    names = set()
    for entry in vendor_dir.iterdir():
        if entry.name.startswith(("_", ".")) or entry.name.endswith(".dist-info"):
            continue
        if entry.is_dir() and (entry / "__init__.py").exists():
            names.add(entry.name)
        elif entry.suffix == ".py":
            names.add(entry.stem)
    return names


def rewrite_tree(vendor_dir: Path) -> int:
    """Rewrite every module below `vendor_dir`; returns how many files changed."""
    names = top_level_names(vendor_dir)
    changed = 0
    for path in sorted(vendor_dir.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        rewritten = rewrite_source(source, names, _dots(path, vendor_dir))
        if rewritten != source:
            path.write_text(rewritten, encoding="utf-8")
            changed += 1
    return changed


def vendor(requirements: list[str], vendor_dir: Path) -> set[str]:
    """pip-install `requirements` into a fresh `vendor_dir`; refuse compiled code; rewrite."""
    shutil.rmtree(vendor_dir, ignore_errors=True)
    vendor_dir.mkdir(parents=True)
    marker = '"""Vendored third-party packages (built, not committed)."""\n'
    (vendor_dir / "__init__.py").write_text(marker)
    if not requirements:
        return set()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-compile",
                "--only-binary=:all:",
                # The pure wheel where a package also ships compiled ones (dulwich does):
                # the add-on runs on six platforms from one folder.
                "--implementation",
                "py",
                "--abi",
                "none",
                "--platform",
                "any",
                "--python-version",
                "3.13",
                "--target",
                tmp,
                *requirements,
            ],
            check=True,
        )
        compiled = [p for p in Path(tmp).rglob("*") if p.suffix in (".so", ".pyd", ".dylib")]
        for path in list(compiled):
            if path.relative_to(tmp).as_posix().startswith(OPTIONAL_COMPILED):
                path.unlink()
                compiled.remove(path)
        if compiled:
            raise VendoringError(f"not pure Python, cannot vendor: {compiled[0]}")
        for entry in Path(tmp).iterdir():
            if entry.name in ("bin", "__pycache__"):
                continue
            target = vendor_dir / entry.name
            if entry.is_dir():
                shutil.copytree(entry, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(entry, target)
    rewrite_tree(vendor_dir)
    return top_level_names(vendor_dir)


def main() -> int:
    """Rebuild `_vendor/` at the repository root from pyproject's [tool.anki-addon] vendor."""
    from addon_meta import ROOT, addon_settings

    names = vendor(list(addon_settings().get("vendor", [])), ROOT / "_vendor")
    print(f"_vendor/: {', '.join(sorted(names)) or 'nothing to vendor'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
