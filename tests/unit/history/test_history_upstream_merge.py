"""Customizations that survive upstream updates: real two-version cases through
`atd history merge-upstream` on a real collection file, checked with the real `git`."""

import copy

import pytest
from git_helpers import fsck, git

from anki_template_designer.cli import main
from anki_template_designer.services.history.merge import css_rules, merge_lines

CSS = ".card {\n  font-size: 20px;\n  color: black;\n}\n\n.hint { color: gray; }\n"


@pytest.fixture
def shared(tmp_path, col):
    """A shared note type as its author shipped it, snapshotted, then customized by the
    user (recorded), and a function that ships an update into the collection."""
    models = col.models
    nt = models.new("Lapis-like")
    for name in ("Word", "Meaning"):
        models.add_field(nt, models.new_field(name))
    card = models.new_template("Recognition")
    card["qfmt"] = "<div class=word>{{Word}}</div>\n<div class=extra></div>\n"
    card["afmt"] = "{{FrontSide}}\n<hr id=answer>\n{{Meaning}}\n"
    models.add_template(nt, card)
    nt["css"] = CSS
    models.add_dict(nt)
    path, repo = col.path, str(tmp_path / "h.git")
    col.close()
    assert main(["history", "snapshot", path, "--repo", repo]) == 0
    return path, repo


def edit(path, change):
    from anki.collection import Collection

    col = Collection(path)
    try:
        nt = copy.deepcopy(dict(col.models.by_name("Lapis-like")))
        change(nt, col)
        col.models.update_dict(nt)
        return dict(col.models.get(nt["id"]))
    finally:
        col.close()


def customize(path, repo, change):
    edit(path, change)
    assert main(["history", "snapshot", path, "--repo", repo]) == 0


def read(path):
    return edit(path, lambda nt, col: None)


def test_a_customization_elsewhere_than_the_update_merges_clean(shared, capsys):
    path, repo = shared
    customize(path, repo, lambda nt, col: nt.update(css=nt["css"] + ".mine { color: teal; }\n"))
    edit(
        path,
        lambda nt, col: (  # the update overwrites the note type (as an import does)
            nt.update(css=CSS.replace("20px", "24px")),
            nt["tmpls"][0].update(afmt=nt["tmpls"][0]["afmt"] + "<div class=new>v2</div>\n"),
        ),
    )
    capsys.readouterr()
    assert (
        main(["history", "merge-upstream", path, "--repo", repo, "--notetype", "Lapis-like"]) == 0
    )
    assert "merged: style.css" in capsys.readouterr().out
    merged = read(path)
    assert "font-size: 24px" in merged["css"] and ".mine { color: teal; }" in merged["css"]
    assert "<div class=new>v2</div>" in merged["tmpls"][0]["afmt"]
    assert fsck(repo).returncode == 0
    assert git(repo, "log", "-1", "--format=%p", "main").stdout.count(" ") == 1  # a merge
    assert "24px" in git(repo, "show", f"upstream:{merged['id']}/style.css").stdout


@pytest.mark.parametrize("take", ["ours", "theirs"])
def test_an_overlapping_change_is_a_named_conflict_the_user_resolves(shared, capsys, take):
    path, repo = shared
    customize(path, repo, lambda nt, col: nt.update(css=CSS.replace("20px", "30px")))
    edit(path, lambda nt, col: nt.update(css=CSS.replace("20px", "24px")))
    capsys.readouterr()
    command = ["history", "merge-upstream", path, "--repo", repo, "--notetype", "Lapis-like"]
    assert main(command) == 1
    out = capsys.readouterr()
    assert "conflict: style.css .card" in out.out and "1 conflicts; nothing changed" in out.err
    assert "24px" in read(path)["css"]  # the collection is untouched
    assert main([*command, "--take", take]) == 0
    assert ("30px" if take == "ours" else "24px") in read(path)["css"]


def test_a_card_type_added_and_a_field_renamed_upstream(shared, capsys):
    path, repo = shared
    customize(
        path,
        repo,
        lambda nt, col: nt["tmpls"][0].update(
            qfmt=nt["tmpls"][0]["qfmt"].replace(
                "<div class=extra></div>", "<div class=extra>mine</div>"
            )
        ),
    )

    def update(nt, col):
        col.models.rename_field(nt, nt["flds"][1], "Definition")
        nt["tmpls"][0]["afmt"] = nt["tmpls"][0]["afmt"].replace("{{Meaning}}", "{{Definition}}")
        card = col.models.new_template("Production")
        card["qfmt"], card["afmt"] = "{{Definition}}", "{{FrontSide}}<hr id=answer>{{Word}}"
        col.models.add_template(nt, card)

    edit(path, update)
    assert (
        main(["history", "merge-upstream", path, "--repo", repo, "--notetype", "Lapis-like"]) == 0
    )
    merged = read(path)
    assert [f["name"] for f in merged["flds"]] == ["Word", "Definition"]
    assert [t["name"] for t in merged["tmpls"]] == ["Recognition", "Production"]
    assert "<div class=extra>mine</div>" in merged["tmpls"][0]["qfmt"]
    assert "{{Definition}}" in merged["tmpls"][0]["afmt"]


def test_line_merge_and_css_rules_keep_everything():
    base = "a\nb\nc\n"
    assert merge_lines(base, "A\nb\nc\n", "a\nb\nC\n", None) == ("A\nb\nC\n", False, False)
    text, conflicted, _ = merge_lines(base, "a\nX\nc\n", "a\nY\nc\n", None)
    assert conflicted and text == "a\nX\nc\n"
    assert merge_lines(base, "a\nX\nc\n", "a\nY\nc\n", "theirs")[0] == "a\nY\nc\n"
    rules = css_rules("/* c */ .a{x:1}\n@media (x){.b{y:2}}\n.a{z:3}\ntrailing")
    assert [k for k, _ in rules] == [".a", "@media (x)", ".a#2", "(end)"]
    assert "".join(t for _, t in rules) == "/* c */ .a{x:1}\n@media (x){.b{y:2}}\n.a{z:3}\ntrailing"


def test_usage_errors_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["history", "merge-upstream", "x.anki2", "--repo", str(tmp_path)])
    assert exit_info.value.code == 2
    assert (
        main(["history", "log", str(tmp_path / "none.anki2"), "--repo", str(tmp_path / "r")]) == 2
    )
    assert "no such collection file" in capsys.readouterr().err
