"""`atd roundtrip` on files, folders and collections."""

import shutil
from pathlib import Path

import pytest

from anki_template_designer import cli
from anki_template_designer.cli import roundtrip as roundtrip_command
from corpus import CORPUS


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr().out.splitlines()
    return code, out


def test_roundtrip_the_corpus_folder(capsys):
    code, out = run(capsys, "roundtrip", str(CORPUS))
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".html", ".css"))
    assert code == 0
    assert out[:-1] == [f"ok  {p}" for p in files]
    assert out[-1] == f"{len(files)} passed, 0 failed"


def test_files_of_any_bytes_and_a_missing_path(capsys, tmp_path):
    odd = tmp_path / "odd.htm"
    odd.write_bytes(b"\xef\xbb\xbf<div>\r\n\xff\xfe\x00{{Front}</div><")
    code, out = run(capsys, "roundtrip", str(odd), str(tmp_path / "missing.html"))
    assert code == 1
    assert out == [
        f"ok  {odd}",
        f"FAIL {tmp_path / 'missing.html'}: no such file or directory",
        "1 passed, 1 failed",
    ]


def test_a_difference_is_reported_with_offset_line_and_column(capsys, tmp_path, monkeypatch):
    path = tmp_path / "t.html"
    path.write_text("ab\ncdef", encoding="utf-8")
    monkeypatch.setattr(roundtrip_command, "serialize", lambda document: document.source[:4] + "X")
    code, out = run(capsys, "roundtrip", str(path))
    assert code == 1
    assert out == [
        f"FAIL {path}: first difference at offset 4 (line 2, column 2)",
        "0 passed, 1 failed",
    ]


def test_folders_are_searched_recursively_for_templates_only(capsys, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "front.HTML").write_text("{{Front}}")
    (tmp_path / "a" / "style.css").write_text(".card{}")
    (tmp_path / "a" / "notes.txt").write_text("not a template")
    code, out = run(capsys, "roundtrip", str(tmp_path))
    assert code == 0
    assert out == [
        f"ok  {tmp_path / 'a' / 'b' / 'front.HTML'}",
        f"ok  {tmp_path / 'a' / 'style.css'}",
        "2 passed, 0 failed",
    ]


def _collection_with_a_custom_note_type(col):
    models = col.models
    notetype = models.copy(models.by_name("Basic"))
    notetype["name"] = "Corpus"
    notetype["tmpls"][0]["qfmt"] = (CORPUS / "basic_front.html").read_text(encoding="utf-8")
    notetype["css"] = (CORPUS / "notetype.css").read_text(encoding="utf-8")
    for field in ("Hint", "Extra"):
        models.add_field(notetype, models.new_field(field))
    models.update_dict(notetype)


def test_a_collection_is_copied_checked_and_left_alone(capsys, col, tmp_path):
    _collection_with_a_custom_note_type(col)
    path = Path(col.path)
    before = path.read_bytes()
    code, out = run(capsys, "roundtrip", "--collection", str(path))
    assert code == 0
    assert "ok  Basic / Card 1 / front" in out
    assert "ok  Basic (and reversed card) / Card 2 / back" in out
    assert "ok  Cloze / Cloze / front" in out and "ok  Image Occlusion / CSS" in out
    assert "ok  Corpus / Card 1 / front" in out and "ok  Corpus / CSS" in out
    assert out[-1] == f"{len(out) - 1} passed, 0 failed"
    assert path.read_bytes() == before
    col.models.by_name("Basic")  # the fixture's collection is still open and usable


def test_one_note_type_of_a_collection(capsys, col, tmp_path):
    copy = tmp_path / "copy.anki2"
    col.close()
    shutil.copyfile(col.path, copy)
    col.reopen()
    code, out = run(capsys, "roundtrip", "--collection", str(copy), "--notetype", "Basic")
    assert code == 0
    assert out == [
        "ok  Basic / Card 1 / front",
        "ok  Basic / Card 1 / back",
        "ok  Basic / CSS",
        "3 passed, 0 failed",
    ]
    code, out = run(capsys, "roundtrip", "--collection", str(copy), "--notetype", "Nope")
    assert code == 1 and out == ["FAIL Nope: no note type with this name", "0 passed, 1 failed"]


def test_a_missing_collection_is_a_clear_failure(capsys, tmp_path):
    code, out = run(capsys, "roundtrip", "--collection", str(tmp_path / "none.anki2"))
    assert code == 1
    assert out == [f"FAIL {tmp_path / 'none.anki2'}: no such collection file", "0 passed, 1 failed"]


def test_usage_errors(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["roundtrip"])
    assert exit_info.value.code == 2
    assert "needs at least one PATH" in capsys.readouterr().err
    assert cli.main([]) == 2
    assert "roundtrip" in capsys.readouterr().err
