"""The import rewriting that lets vendored libraries live in `_vendor/` (scripts/vendoring.py)."""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import attr
import attrs

from vendoring import rewrite_source, rewrite_tree, top_level_names


def test_every_import_form_is_made_relative_and_others_are_untouched():
    source = textwrap.dedent(
        """\
        import os, lib
        import lib as alias
        import lib.sub
        import lib.sub.leaf as leaf
        from lib.sub import thing, other as o
        from . import sibling
        from json import dumps
        def f():
            import lib.sub  # inside a function
        """
    )
    out = rewrite_source(source, {"lib"}, "..")
    assert out == textwrap.dedent(
        """\
        import os; from .. import lib
        from .. import lib as alias
        from .. import lib; from ..lib import sub as _vendored_lib_sub
        from ..lib.sub import leaf as leaf
        from ..lib.sub import thing, other as o
        from . import sibling
        from json import dumps
        def f():
            from .. import lib; from ..lib import sub as _vendored_lib_sub  # inside a function
        """
    )


def test_form_feeds_and_line_separators_do_not_shift_the_edits():
    source = "x = 1  # \x0c form feed\ny = '\u2028'\nimport lib\n"
    out = rewrite_source(source, {"lib"}, ".")
    assert out == "x = 1  # \x0c form feed\ny = '\u2028'\nfrom . import lib\n"
    compile(out, "vendored.py", "exec")


def test_a_real_library_works_from_vendor_under_any_package_name(tmp_path):
    """Vendor attrs (which imports attr absolutely) and use it with the originals blocked."""
    package = tmp_path / "1234567890"
    vendor_dir = package / "_vendor"
    vendor_dir.mkdir(parents=True)
    (package / "__init__.py").write_text("from ._vendor import attrs\n")
    (vendor_dir / "__init__.py").write_text("")
    for module in (attr, attrs):
        source = Path(module.__file__).parent
        shutil.copytree(
            source, vendor_dir / source.name, ignore=shutil.ignore_patterns("__pycache__")
        )
    assert top_level_names(vendor_dir) == {"attr", "attrs"}
    assert rewrite_tree(vendor_dir) > 0
    script = textwrap.dedent(
        """\
        import sys
        sys.modules["attr"] = None   # the originals must not be used
        sys.modules["attrs"] = None
        pkg = __import__("1234567890")
        @pkg.attrs.define
        class Point:
            x: int
        print(Point(3), pkg.attrs.__file__)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Point(x=3)" in result.stdout
    assert "_vendor" in result.stdout
