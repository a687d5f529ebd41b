"""The designer's own data as snapshot files (services/backup/user_data.py): what is
covered and what is left out, and that a snapshot's paths can never write outside the
folders they belong to."""

import json

import pytest

from anki_template_designer.services.backup.user_data import (
    CONFIG_PATH,
    UserData,
    UserDataError,
    notetype_paths,
    preset_ids,
    restore_user_files,
    user_files,
)
from anki_template_designer.services.notetype_files.names import file_name_for

PRESET = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def data(tmp_path):
    presets, drafts = tmp_path / "presets", tmp_path / "drafts"
    (presets / f"{PRESET}.media").mkdir(parents=True)
    (presets / f"{PRESET}.json").write_text('{"name": "Mine"}')
    (presets / f"{PRESET}.media" / "bg.png").write_bytes(b"\x89PNG")
    (presets / ".lock").write_text("")
    (presets / f".{PRESET}.json.x1.tmp").write_text("half a write")
    drafts.mkdir()
    (drafts / "notetype-7.json").write_text('{"version": 1}')
    config = {"backup_daily": True}
    return UserData({"presets": presets, "drafts": drafts}, lambda: dict(config), config.update)


def test_presets_with_media_drafts_and_config_are_covered_and_locks_and_temp_files_are_not(data):
    files = user_files(data)
    assert sorted(files) == [
        "~designer/config.json",
        "~designer/drafts/notetype-7.json",
        f"~designer/presets/{PRESET}.json",
        f"~designer/presets/{PRESET}.media/bg.png",
    ]
    assert json.loads(files[CONFIG_PATH]) == {"backup_daily": True}
    assert preset_ids(files) == [PRESET]
    assert notetype_paths({**dict.fromkeys(files, "x"), "Basic~1/style.css": "y"}) == {
        "Basic~1/style.css": "y"
    }


def test_a_note_type_folder_never_looks_like_the_designers_data():
    for name in ("~designer", "~designer/presets", "~"):
        assert not file_name_for(name).startswith("~")


@pytest.mark.parametrize(
    "path",
    [
        "~designer/presets/../../evil.json",
        "~designer/presets/a/../../../evil",
        "~designer/presets//etc/passwd",
        "~designer/unknown/x.json",
        "~designer/presets/.lock",
        "~designer/presets/",
    ],
)
def test_a_path_leaving_its_folder_is_refused_before_anything_is_written(data, path, tmp_path):
    good = f"~designer/presets/{PRESET}.json"
    files = {good: b'{"name": "From the snapshot"}', path: b"evil"}
    with pytest.raises(UserDataError, match="unexpected file"):
        restore_user_files(data, files)
    assert (tmp_path / "presets" / f"{PRESET}.json").read_text() == '{"name": "Mine"}'
    assert not (tmp_path / "evil.json").exists() and not (tmp_path.parent / "evil").exists()


def test_restoring_writes_back_and_leaves_newer_files(data, tmp_path):
    snapshot = user_files(data)
    (tmp_path / "drafts" / "notetype-7.json").write_text("changed")
    (tmp_path / "drafts" / "notetype-8.json").write_text("newer")
    done = restore_user_files(data, snapshot, ["~designer/drafts/notetype-7.json"])
    assert done.files == ["~designer/drafts/notetype-7.json"] and not done.config
    assert (tmp_path / "drafts" / "notetype-7.json").read_text() == '{"version": 1}'
    assert (tmp_path / "drafts" / "notetype-8.json").read_text() == "newer"


def test_an_unreadable_config_in_a_snapshot_is_a_clear_error(data):
    with pytest.raises(UserDataError, match="config cannot be read"):
        restore_user_files(data, {CONFIG_PATH: b"{not json"})
