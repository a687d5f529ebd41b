"""A bad plugin.json is refused before any of its code runs, and the message names the
file, the field and the reason in words a plugin author can act on."""

import pytest
from plugin_folders import make_plugin, write_manifest

from anki_template_designer.services.plugins import REFUSED, load_manifest
from anki_template_designer.services.validation import ValidationFailed

GOOD = {"id": "font-lint", "name": "Font lint", "version": "1.0.0", "sdk": ">=0.1,<2"}

#: (change to the good manifest, field named, words of the reason)
BAD_FIELDS = [
    ({"id": "Font Lint"}, "/id", "is not a plugin id"),
    ({"id": "x"}, "/id", "is not a plugin id (2-64 characters"),
    ({"id": 7}, "/id", "is not of type 'string'"),
    ({"name": ""}, "/name", "should be non-empty"),
    ({"name": "n" * 101}, "/name", "is longer than 100 characters"),
    ({"version": "one"}, "/version", "'one' is not a version (like 1.2.0)"),
    ({"version": 1}, "/version", "is not of type 'string'"),
    ({"sdk": "soon"}, "/sdk", "'soon' is not a version range (like >=1.0,<2)"),
    ({"entry": "../evil.py"}, "/entry", "is not a Python file name in the plugin's folder"),
    ({"entry": "plugin.sh"}, "/entry", "is not a Python file name"),
    ({"description": "d" * 2001}, "/description", "is longer than 2000 characters"),
    ({"requires": {"base": "newest"}}, "/requires/base", "'newest' is not a version range"),
    ({"requires": {"Base Pack": ">=1"}}, "/requires", "'Base Pack' is not a plugin id"),
    ({"requires": {"base": 2}}, "/requires/base", "is not of type 'string'"),
    ({"requires": {"font-lint": ">=1"}}, "/requires/font-lint", "cannot require itself"),
    ({"requires": ["base"]}, "/requires", "is not of type 'object'"),
    ({"permissions": ["root"]}, "/permissions/0", "'root' is not a permission (notetypes:read"),
    ({"permissions": ["network:"]}, "/permissions/0", "is not a permission"),
    ({"permissions": ["files", "files"]}, "/permissions", "non-unique"),
    ({"permissions": "files"}, "/permissions", "is not of type 'array'"),
    ({"homepage": "https://x"}, "/", "'homepage' was unexpected"),
]


@pytest.mark.parametrize(("change", "field", "reason"), BAD_FIELDS)
def test_each_bad_field_is_named_with_its_reason(tmp_path, change, field, reason):
    path = write_manifest(tmp_path, {**GOOD, **change})
    with pytest.raises(ValidationFailed) as caught:
        load_manifest(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"{field}: " in message
    assert reason in message
    assert len(message) < 400, "a long value is cut short, not echoed whole"


@pytest.mark.parametrize("field", ["id", "name", "version", "sdk"])
def test_a_missing_required_field_is_named(tmp_path, field):
    data = {k: v for k, v in GOOD.items() if k != field}
    path = write_manifest(tmp_path, data)
    with pytest.raises(ValidationFailed, match=rf"{path}: /: '{field}' is a required property"):
        load_manifest(path)


def test_every_problem_is_reported_at_once(tmp_path):
    path = write_manifest(tmp_path, {**GOOD, "id": "Bad", "version": 3, "sdk": 4})
    with pytest.raises(ValidationFailed) as caught:
        load_manifest(path)
    assert {p.path for p in caught.value.problems} == {"/id", "/version", "/sdk"}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "not JSON: Expecting property name enclosed in double quotes at line 1"),
        ("", "not JSON: Expecting value at line 1 column 1"),
        ("[1, 2]", "/: [1, 2] is not of type 'object'"),
        ("null", "/: None is not of type 'object'"),
    ],
)
def test_a_file_that_is_not_a_manifest_object_is_named(tmp_path, text, reason):
    path = write_manifest(tmp_path, text)
    with pytest.raises(ValidationFailed, match=str(path)) as caught:
        load_manifest(path)
    assert reason in str(caught.value)


def test_a_file_that_is_not_text_is_named(tmp_path):
    path = tmp_path / "plugin.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ValidationFailed, match=rf"{path}: /: cannot be read"):
        load_manifest(path)


# -- in the manager: refused, reported, never run -----------------------------------------


def test_a_bad_manifest_keeps_the_plugin_off_and_its_code_unrun(
    plugins_dir, start, manager, plugin_log
):
    folder = make_plugin(plugins_dir, "bad-one", "raise SystemExit('must never run')")
    write_manifest(folder, {**GOOD, "id": "bad-one", "version": "v-one"})
    make_plugin(plugins_dir, "good-one")
    start()
    record = manager.record("bad-one")
    assert record.state == REFUSED
    assert record.errors == [
        f"invalid {folder / 'plugin.json'}: /version: 'v-one' is not a version (like 1.2.0)"
    ]
    assert manager.record("good-one").state == "enabled"
    assert any("bad-one" in r.getMessage() and "/version" in r.getMessage() for r in plugin_log)


def test_an_id_that_is_not_the_folder_name_is_refused(plugins_dir, start, manager):
    folder = make_plugin(plugins_dir, "folder-name")
    write_manifest(folder, {**GOOD, "id": "other-name"})
    start()
    record = manager.record("folder-name")
    assert record.state == REFUSED
    assert record.errors == [
        f"{folder / 'plugin.json'}: /id: 'other-name' must be the folder's name 'folder-name'"
    ]


def test_a_missing_entry_file_and_a_missing_manifest_are_named(plugins_dir, start, manager):
    folder = make_plugin(plugins_dir, "no-entry", entry="main.py")
    empty = plugins_dir / "no-manifest"
    empty.mkdir()
    start()
    assert manager.record("no-entry").errors == [
        f"{folder / 'plugin.json'}: /entry: main.py does not exist in {folder}"
    ]
    assert manager.record("no-manifest").errors == [f"{empty / 'plugin.json'}: missing"]
    assert manager.record("no-manifest").state == REFUSED
