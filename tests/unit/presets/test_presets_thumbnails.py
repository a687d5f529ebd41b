"""Gallery thumbnails: presets applied to the note type being edited, rendered by Anki's
renderer and turned into inert nodes (no script, handler, frame or remote URL can reach
the page), cached by everything that changes them."""

import json
import time

import pytest

from anki_template_designer.services.cache import MemoryTier, TwoLevelCache
from anki_template_designer.services.presets import PresetService
from anki_template_designer.services.presets.create import snippet_from_text
from anki_template_designer.services.presets.thumbnails import PresetThumbnails
from anki_template_designer.services.preview import PreviewRenderer
from collection_helpers import add_note
from preset_helpers import design_preset


@pytest.fixture
def cache():
    return TwoLevelCache(MemoryTier(8 * 1024 * 1024, clock=time.time), None, clock=time.time)


@pytest.fixture
def thumbs(service, col, cache):
    return PresetThumbnails(service, PreviewRenderer(lambda: col), cache)


def walk(nodes):
    for node in nodes:
        yield node
        if node["t"] == "el":
            yield from walk(node["c"])


def text_of(nodes):
    return "".join(n["text"] for n in walk(nodes) if n["t"] == "text")


def test_every_builtin_preset_gets_a_thumbnail_with_the_notes_content(thumbs, col):
    add_note(col, "Basic", "der Hund", "the dog")
    draft = col.models.by_name("Basic")
    made = thumbs.thumbnails(draft)
    assert set(made) == {s.preset.id for s in thumbs._presets.list_presets().presets}
    basic = made["builtin-basic"]
    assert basic["error"] is None and basic["problem"] is False and basic["isSample"] is False
    assert "der Hund" in text_of(basic["nodes"]) and "the dog" in text_of(basic["nodes"])
    assert "/* atd-theme: Basic */" in basic["css"]
    assert basic["bodyClass"] == "card card1"
    # a theme restyles the note type's own templates
    assert "der Hund" in text_of(made["builtin-theme-sepia"]["nodes"])
    assert "/* atd-theme: Sepia */" in made["builtin-theme-sepia"]["css"]
    # a cloze design cannot go onto a standard note type: said, not rendered
    cloze = made["builtin-cloze"]
    assert cloze["nodes"] == [] and "cloze" in cloze["error"]


def test_a_design_with_more_fields_than_the_note_type_renders_and_names_them(thumbs, col):
    draft = col.models.by_name("Basic")
    vocabulary = thumbs.thumbnails(draft, ["builtin-vocabulary"])["builtin-vocabulary"]
    assert vocabulary["problem"] is False, text_of(vocabulary["nodes"])
    assert "template has a problem" not in text_of(vocabulary["nodes"])
    assert vocabulary["unmapped"] and set(vocabulary["unmapped"]) < set(
        thumbs._presets.get("builtin-vocabulary").preset.fields
    )
    assert vocabulary["isSample"] is True  # Basic has no notes here


def test_night_mode_and_the_snippet_side(thumbs, col):
    draft = col.models.by_name("Basic")
    night = thumbs.thumbnails(draft, ["builtin-basic", "builtin-snippet-extra"], night=True)
    assert night["builtin-basic"]["bodyClass"] == "card card1 nightMode night_mode"
    extra = night["builtin-snippet-extra"]
    assert any(
        n["t"] == "el" and n["attrs"].get("class") == "atd-extra" for n in walk(extra["nodes"])
    )
    assert "atd-snippet: Extra notes box" in extra["css"]


def test_thumbnails_are_cached_until_the_preset_the_note_or_the_mode_changes(thumbs, col, service):
    note = add_note(col, "Basic", "one", "two")
    draft = col.models.by_name("Basic")
    ids = ["builtin-basic", "builtin-theme-ocean"]
    thumbs.thumbnails(draft, ids)
    assert thumbs.renders == 2
    again = thumbs.thumbnails(draft, ids)
    assert thumbs.renders == 2 and "one" in text_of(again["builtin-basic"]["nodes"])
    thumbs.thumbnails(draft, ids, night=True)
    assert thumbs.renders == 4
    # the note changes: both re-render and show the new text
    note.fields[0] = "uno"
    col.update_note(note)
    changed = thumbs.thumbnails(draft, ids)
    assert thumbs.renders == 6 and "uno" in text_of(changed["builtin-basic"]["nodes"])
    # the draft's CSS changes: the theme (shown on the draft) re-renders, the design not
    draft["css"] += "\n.extra { color: red; }"
    thumbs.thumbnails(draft, ids)
    assert thumbs.renders == 7
    # a user preset is renamed: its etag changes, so its thumbnail is rendered again
    stored = service.create(design_preset())
    thumbs.thumbnails(draft, [stored.preset.id])
    renders = thumbs.renders
    renamed = service.rename(stored.preset.id, stored.etag, "Renamed design")
    thumbs.thumbnails(draft, [renamed.preset.id])
    assert thumbs.renders == renders + 1


HOSTILE_SNIPPET = (
    '<div class="x" onclick="steal()" style="color: red; background: url(https://evil.example/a.png)">'
    '<script>fetch("https://evil.example")</script>'
    '<img src="https://evil.example/p.png" onerror="steal()"><img src="local.png">'
    '<iframe src="https://evil.example"></iframe>'
    '<a href="javascript:steal()">link</a>{{Front}}</div>'
)


def test_hostile_content_becomes_inert_nodes(thumbs, col, service):
    stored = service.create(snippet_from_text("Hostile", HOSTILE_SNIPPET, ".x { color: blue; }"))
    draft = col.models.by_name("Basic")
    made = thumbs.thumbnails(draft, [stored.preset.id])[stored.preset.id]
    nodes = list(walk(made["nodes"]))
    tags = {n["tag"] for n in nodes if n["t"] == "el"}
    assert tags == {"div", "img"}
    attributes = {
        name: value for n in nodes if n["t"] == "el" for name, value in n["attrs"].items()
    }
    assert not any(name.startswith("on") for name in attributes)
    assert attributes["style"] == "color: red"
    sources = [n["attrs"].get("src") for n in nodes if n["t"] == "el" and n["tag"] == "img"]
    assert sources == [None, "local.png"]
    serialized = json.dumps(made["nodes"])
    assert "evil.example" not in serialized and "steal" not in serialized


def test_an_unknown_id_is_left_out(thumbs, col):
    draft = col.models.by_name("Basic")
    assert thumbs.thumbnails(draft, ["nope-not-here"]) == {}


def test_without_a_cache_every_call_renders(service, col):
    thumbs = PresetThumbnails(service, PreviewRenderer(lambda: col), None)
    draft = col.models.by_name("Basic")
    thumbs.thumbnails(draft, ["builtin-basic"])
    thumbs.thumbnails(draft, ["builtin-basic"])
    assert thumbs.renders == 2


def test_a_big_card_is_cut_to_the_node_budget(thumbs, col, service):
    stored = service.create(snippet_from_text("Many", "<b>x</b>" * 3000 + "{{Front}}", ""))
    draft = col.models.by_name("Basic")
    made = thumbs.thumbnails(draft, [stored.preset.id])[stored.preset.id]
    assert sum(1 for _ in walk(made["nodes"])) <= 2000


def test_service_is_the_presets_facade(service):
    assert isinstance(service, PresetService)
