"""`atd plugin new` writes a plugin whose own test passes, and fails when the plugin breaks."""

import subprocess
import sys

from anki_template_designer.cli import main


def run_generated_tests(folder):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder / "tests")],
        cwd=folder.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_generated_plugin_passes_its_test_and_the_test_can_fail(tmp_path, capsys):
    assert main(["plugin", "new", "Empty Sides", "--dir", str(tmp_path)]) == 0
    folder = tmp_path / "empty-sides"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.*")) == [
        "plugin.json",
        "plugin.py",
        "tests/conftest.py",
        "tests/test_plugin.py",
    ]
    passed = run_generated_tests(folder)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "1 passed" in passed.stdout

    plugin = folder / "plugin.py"
    plugin.write_text(plugin.read_text().replace("if not template", "if template"))
    broken = run_generated_tests(folder)
    assert broken.returncode == 1, broken.stdout + broken.stderr


def test_bad_names_and_existing_folders_are_refused(tmp_path, capsys):
    assert main(["plugin", "new", "Ok name", "--dir", str(tmp_path)]) == 0
    before = sorted(tmp_path.rglob("*"))
    assert main(["plugin", "new", "Ok name", "--dir", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    for bad in ["1abc", "a", "../up", "x/y", "é-plugin", "a" * 70]:
        assert main(["plugin", "new", bad, "--dir", str(tmp_path)]) == 2
        assert "does not make a plugin id" in capsys.readouterr().err
    assert sorted(tmp_path.rglob("*")) == before
