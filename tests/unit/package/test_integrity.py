"""A half-finished update (a file missing or changed) is named in one message, checked
against the package's own integrity.json; other platforms' libraries are not checked."""

import json

import pytest

from anki_template_designer.services import integrity
from package import stage


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    return stage(tmp_path_factory.mktemp("pkg") / "addon")


def copy_of(staged, tmp_path):
    import shutil

    return shutil.copytree(staged, tmp_path / "addon")


def test_the_package_lists_every_file_it_ships_and_is_whole(staged):
    files = json.loads((staged / "integrity.json").read_text())["files"]
    shipped = {p.relative_to(staged).as_posix() for p in staged.rglob("*") if p.is_file()}
    assert set(files) == shipped - {"integrity.json"}
    assert integrity.problems(staged) == []


def test_a_missing_and_a_changed_file_are_named(staged, tmp_path):
    addon = copy_of(staged, tmp_path)
    (addon / "services" / "presets" / "store.py").unlink()
    with (addon / "gui" / "designer_dialog.py").open("ab") as handle:
        handle.write(b"\n# half written")
    found = integrity.problems(addon)
    assert found == [
        "gui/designer_dialog.py is damaged (its content changed)",
        "services/presets/store.py is missing",
    ]
    text = integrity.message("Anki Template Designer", found)
    assert "services/presets/store.py is missing" in text and "Reinstall" in text


def test_other_platforms_folders_are_skipped_when_asked(staged, tmp_path):
    addon = copy_of(staged, tmp_path)
    import shutil

    shutil.rmtree(addon / "_vendor" / "win_arm64")
    assert integrity.problems(addon, ("_vendor/win_arm64/",)) == []
    assert integrity.problems(addon)[0].startswith("_vendor/win_arm64/")


def test_a_long_list_is_cut_and_an_unreadable_record_is_itself_the_problem(staged, tmp_path):
    found = [f"f{i} is missing" for i in range(9)]
    assert "… and 4 more" in integrity.message("X", found)
    addon = copy_of(staged, tmp_path)
    (addon / "integrity.json").write_text("{not json")
    assert integrity.problems(addon)[0].startswith("integrity.json cannot be read")


def test_a_development_checkout_is_not_checked(tmp_path):
    assert integrity.problems(tmp_path) == []
