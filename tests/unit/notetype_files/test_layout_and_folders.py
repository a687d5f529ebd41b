"""A note type as files, on disk and through a real collection: byte for byte."""

import copy
import json

import pytest

from anki_template_designer.services.notetype_files import (
    ADDED,
    UNCHANGED,
    UPDATED,
    LayoutError,
    export_notetypes,
    import_notetypes,
    notetype_from_files,
    notetype_to_files,
)
from anki_template_designer.services.notetype_files.folder import read_folder_files

ODD_TEMPLATE = "<!-- keep -->\r\n{{#Front}}<script>var a = '</div>';</script>{{/Front}}\n\n  \t"


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def odd_notetype(col):
    notetype = copy.deepcopy(col.models.by_name("Basic (and reversed card)"))
    notetype["tmpls"][0]["qfmt"] = ODD_TEMPLATE
    notetype["tmpls"][1]["name"] = "Card/2 Ü"
    notetype["css"] = ".card { color: red }\r\n/* é */"
    return notetype


def test_files_hold_templates_and_css_exactly_and_read_back(col):
    notetype = odd_notetype(col)
    files = notetype_to_files(notetype)
    assert files["style.css"] == notetype["css"].encode()
    assert ODD_TEMPLATE.encode() in files.values()
    assert "cards/Card%2f2 %c3%9c~1/back.html" in files
    back = notetype_from_files(files)
    assert {k: v for k, v in back.items()} == {
        k: v for k, v in notetype.items() if k not in ("mod", "usn")
    }
    assert json.loads(files["notetype.json"])["kind"] == "normal"


def test_export_import_export_is_byte_identical(col, tmp_path):
    col.models.update_dict(odd_notetype(col))
    export_notetypes(col, tmp_path / "one")
    results = import_notetypes(col, tmp_path / "one")
    assert {r.action for r in results} == {UNCHANGED}
    export_notetypes(col, tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_changed_file_updates_its_note_type_and_a_foreign_one_is_added(
    col, tmp_path, tmp_path_factory
):
    folders = export_notetypes(col, tmp_path)
    basic = (
        tmp_path
        / folders[
            [nt["name"] for nt in sorted(col.models.all(), key=lambda n: n["id"])].index("Basic")
        ]
    )
    (basic / "cards" / "Card 1~1" / "front.html").write_bytes(b"{{Front}}\n<b>changed</b>")
    results = {r.name: r.action for r in import_notetypes(col, tmp_path)}
    assert results["Basic"] == UPDATED
    assert col.models.by_name("Basic")["tmpls"][0]["qfmt"] == "{{Front}}\n<b>changed</b>"

    from anki.collection import Collection

    other = Collection(str(tmp_path_factory.mktemp("other") / "c.anki2"))
    try:
        added = import_notetypes(other, tmp_path)
        assert {r.action for r in added} == {ADDED}
        assert other.models.get(added[0].notetype_id) is not None
    finally:
        other.close()


def test_a_broken_folder_is_refused_naming_the_file_and_nothing_changes(col, tmp_path):
    folders = export_notetypes(col, tmp_path)
    before = {nt["id"]: nt["mod"] for nt in col.models.all()}
    (tmp_path / folders[-1] / "notetype.json").write_text("{ not json")
    with pytest.raises(LayoutError, match=r"notetype.json: not JSON \(line 1"):
        import_notetypes(col, tmp_path)
    (tmp_path / folders[-1]).joinpath("notetype.json").write_text(
        '{"name": "x", "tmpls": [], "flds": 3}'
    )
    with pytest.raises(LayoutError, match="'flds' missing or not a list"):
        import_notetypes(col, tmp_path)
    assert {nt["id"]: nt["mod"] for nt in col.models.all()} == before


def test_missing_template_and_links_are_refused(col, tmp_path):
    folders = export_notetypes(col, tmp_path)
    folder = tmp_path / folders[0]
    (folder / "cards" / "Card 1~1" / "back.html").unlink()
    with pytest.raises(LayoutError, match=r"back\.html: missing"):
        import_notetypes(col, tmp_path)
    (folder / "cards" / "Card 1~1" / "back.html").symlink_to("/etc/passwd")
    with pytest.raises(LayoutError, match="a link, not a file"):
        read_folder_files(folder)


def test_names_that_clash_get_their_own_folders(col, tmp_path):
    lower = copy.deepcopy(col.models.by_name("Basic"))
    lower["name"], lower["id"] = "BASIC", 0
    for item in (*lower["tmpls"], *lower["flds"]):
        item["id"] = None
    col.models.add_dict(lower)
    folders = export_notetypes(col, tmp_path)
    assert len({f.lower() for f in folders}) == len(folders) == len(col.models.all())


def test_what_an_interrupted_write_left_is_cleaned_and_never_imported(col, tmp_path):
    out = tmp_path / "out"
    folders = export_notetypes(col, out)
    leftover = out / f".atd-old-{folders[0]}"
    leftover.mkdir()
    (leftover / "notetype.json").write_text("{ half written")
    assert {r.action for r in import_notetypes(col, out)} == {UNCHANGED}
    export_notetypes(col, out)  # rewriting replaces the leftover too
    assert not leftover.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(folders)
