"""Layering rules of DESIGN.md §2, checked on the syntax tree of every module."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIRS = ["services", "sdk", "gui", "features"]
# features/ holds the default plugins: their bridge methods reach Qt only via host roles.
QT_FREE_DIRS = ["services", "sdk", "features"]
QT_FREE_GUI_MODULES = ["gui/bridge.py", "gui/__init__.py"]
FORBIDDEN_IN_SERVICES = ("aqt", "PyQt6", "PyQt5", "PySide6", "PySide2", "sip")
OWN_TOP_LEVEL = {"anki_template_designer", "services", "sdk", "gui", "features", "_vendor"}
# Our private copy of pluggy is imported relatively; the global one never.
GLOBAL_ONLY = {"pluggy"}


def modules(*dirs, include_root=True):
    files = [ROOT / "__init__.py"] if include_root else []
    for folder in dirs:
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def imported_roots(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0], 0
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, (node.module or "").split(".")[0], node.level


@pytest.mark.parametrize(
    "path",
    [*modules(*QT_FREE_DIRS, include_root=False), *(ROOT / m for m in QT_FREE_GUI_MODULES)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_services_and_sdk_never_import_qt_or_aqt(path):
    bad = [
        (line, name)
        for line, name, level in imported_roots(path)
        if level == 0 and name in FORBIDDEN_IN_SERVICES
    ]
    assert bad == [], f"{path.relative_to(ROOT)} imports {bad}"


@pytest.mark.parametrize("path", modules(*PACKAGE_DIRS), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_inside_the_package_are_relative(path):
    bad = [
        (line, name)
        for line, name, level in imported_roots(path)
        if level == 0 and name in OWN_TOP_LEVEL | GLOBAL_ONLY
    ]
    assert bad == [], f"{path.relative_to(ROOT)} imports the package absolutely: {bad}"


def test_the_rule_itself_catches_offenders(tmp_path):
    offender = tmp_path / "bad.py"
    offender.write_text(
        "import aqt\nfrom anki_template_designer.services import x\nfrom .ok import y\n"
    )
    found = list(imported_roots(offender))
    assert (1, "aqt", 0) in found
    assert (2, "anki_template_designer", 0) in found
    assert (3, "ok", 1) in found


def test_importing_the_package_outside_anki_does_nothing():
    import anki_template_designer

    assert not hasattr(anki_template_designer, "ADDON_RUNTIME")
