"""The presets.* bridge methods through the real dispatcher: every method's params are
checked against its schema (type, range, format, enum), and the service's failures come
back as error replies the page can show."""

import ast
import json
from pathlib import Path

import pytest

from anki_template_designer.features.presets.methods import preset_methods
from anki_template_designer.gui.bridge import Dispatcher
from anki_template_designer.sdk.protocol import PREFIX
from anki_template_designer.sdk.testing import plain_hosts
from anki_template_designer.services.presets import PresetService
from anki_template_designer.services.preview import PreviewRenderer
from anki_template_designer.services.registry import Registry
from anki_template_designer.services.saving import NoteTypeSaver
from preset_helpers import valid_json

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def bridge(service, col):
    registry = Registry()
    registry.register_value(PresetService, service)
    registry.register_factory(NoteTypeSaver, lambda _r: NoteTypeSaver(lambda: col))
    registry.register_factory(PreviewRenderer, lambda _r: PreviewRenderer(lambda: col))
    host = plain_hosts(registry)
    dispatcher = Dispatcher(preset_methods(registry), lambda _m: None)
    counter = iter(range(1, 10_000))

    def call(method, params=None):
        message = {"v": 1, "id": next(counter), "method": method, "params": params or {}}
        return dispatcher.handle(PREFIX + json.dumps(message))

    call.host = host
    call.dispatcher = dispatcher
    yield call
    registry.close()


def ok(reply):
    assert reply["ok"] is True, reply
    return reply["result"]


def error(reply, code):
    assert reply["ok"] is False, reply
    assert reply["error"]["code"] == code, reply
    return reply["error"]


def test_the_methods(bridge):
    assert [n for n in bridge.dispatcher.method_names if n.startswith("presets.")] == sorted(
        [
            "presets.list",
            "presets.create",
            "presets.rename",
            "presets.duplicate",
            "presets.delete",
            "presets.import",
            "presets.export",
            "presets.mapping",
            "presets.apply",
            "presets.snippetText",
            "presets.installMedia",
            "presets.thumbnails",
        ]
    )


@pytest.mark.parametrize(
    ("method", "params", "path", "fragment"),
    [
        # type
        ("presets.duplicate", {"id": 5}, "/id", "is not of type 'string'"),
        ("presets.rename", {"id": "a" * 32, "etag": "e", "name": ["x"]}, "/name", "is not of type"),
        (
            "presets.apply",
            {"id": "builtin-basic", "draft": "x"},
            "/draft",
            "is not of type 'object'",
        ),
        # range / length
        ("presets.rename", {"id": "a" * 32, "etag": "e", "name": "n" * 81}, "/name", "is too long"),
        (
            "presets.rename",
            {"id": "a" * 32, "etag": "", "name": "n"},
            "/etag",
            "should be non-empty",
        ),
        (
            "presets.create",
            {
                "kind": "snippet",
                "name": "s",
                "source": {"selection": {"cardOrd": 500, "side": "front", "nodeIds": ["0"]}},
            },
            "/source/selection/cardOrd",
            "greater than the maximum",
        ),
        # format (patterns)
        ("presets.duplicate", {"id": "../../etc"}, "/id", "does not match"),
        ("presets.import", {"token": "not-a-token"}, "/token", "does not match"),
        ("presets.rename", {"id": "a" * 32, "etag": "e", "name": "   "}, "/name", "does not match"),
        # enum
        ("presets.list", {"kind": "layout"}, "/kind", "is not one of"),
        ("presets.thumbnails", {"draft": {}, "ids": ["../x"]}, "/ids/0", "does not match"),
        ("presets.thumbnails", {"draft": {}, "night": "yes"}, "/night", "is not of type"),
        ("presets.snippetText", {"id": "builtin-basic", "fields": [5]}, "/fields/0", "not of type"),
        ("presets.import", {"token": "a" * 32, "decision": "maybe"}, "/decision", "is not one of"),
        # required / unknown
        ("presets.delete", {"id": "a" * 32}, "", "'etag' is a required property"),
        ("presets.duplicate", {"id": "builtin-basic", "x": 1}, "", "Additional properties"),
    ],
)
def test_params_are_validated(bridge, method, params, path, fragment):
    details = error(bridge(method, params), "invalid_params")["details"]
    assert any(d["path"] == path and fragment in d["message"] for d in details), details


def test_list_and_the_crud_cycle(bridge, col, service):
    listed = ok(bridge("presets.list"))
    assert listed["problems"] == []
    assert listed["presets"][0]["id"] == "builtin-basic"
    assert "design" not in listed["presets"][0]  # summaries carry no template text

    draft = col.models.by_name("Basic")
    created = ok(
        bridge("presets.create", {"kind": "design", "name": "Mine", "source": {"draft": draft}})
    )
    assert created["fields"] == ["Front", "Back"] and created["revision"] == 1
    duplicate = error(
        bridge("presets.create", {"kind": "design", "name": "mine", "source": {"draft": draft}}),
        "invalid_params",
    )
    assert duplicate["details"] == [{"path": "/name", "message": duplicate["message"]}]

    renamed = ok(
        bridge("presets.rename", {"id": created["id"], "etag": created["etag"], "name": "Ours"})
    )
    stale = error(
        bridge("presets.rename", {"id": created["id"], "etag": created["etag"], "name": "Theirs"}),
        "conflict",
    )
    assert "changed in another window" in stale["message"]
    copy = ok(bridge("presets.duplicate", {"id": created["id"]}))
    assert copy["name"] == "Ours (copy)"
    assert error(
        bridge("presets.delete", {"id": "builtin-basic", "etag": "builtin"}), "invalid_params"
    )
    assert ok(bridge("presets.delete", {"id": created["id"], "etag": renamed["etag"]})) is None
    error(bridge("presets.duplicate", {"id": created["id"]}), "not_found")


def test_create_needs_a_source_that_fits_the_kind(bridge):
    reply = error(
        bridge("presets.create", {"kind": "design", "name": "x", "source": {}}), "invalid_params"
    )
    assert reply["message"] == "a design is made from a draft"
    theme = ok(
        bridge(
            "presets.create",
            {
                "kind": "theme",
                "name": "T",
                "source": {"vars": {"light": {"--atd-fg": "#000", "--atd-bg": "#fff"}}},
            },
        )
    )
    assert theme["kind"] == "theme"
    bad_theme = error(
        bridge(
            "presets.create",
            {
                "kind": "theme",
                "name": "T2",
                "source": {"vars": {"light": {"--atd-fg": "#000", "color": "red"}}},
            },
        ),
        "invalid_params",
    )
    assert {d["path"] for d in bad_theme["details"]} == {"/theme/vars/light"}
    snippet = ok(
        bridge(
            "presets.create",
            {"kind": "snippet", "name": "S", "source": {"template": "<b>{{Hint}}</b>"}},
        )
    )
    assert snippet["fields"] == ["Hint"]


def test_mapping_and_apply(bridge, col):
    cloze = col.models.by_name("Cloze")
    mapped = ok(bridge("presets.mapping", {"id": "builtin-cloze", "draft": cloze}))
    assert mapped["mapping"] == [
        {"from": "Text", "to": "Text", "how": "exact"},
        {"from": "Back Extra", "to": "Back Extra", "how": "exact"},
    ]
    applied = ok(
        bridge(
            "presets.apply",
            {"id": "builtin-cloze", "draft": cloze, "mapping": {"Back Extra": None}},
        )
    )
    assert applied["unmapped"] == ["Back Extra"]
    assert applied["schemaChanges"]["requiresFullSync"] is False
    basic = col.models.by_name("Basic")
    added = ok(bridge("presets.apply", {"id": "builtin-basic-reversed", "draft": basic}))
    assert added["schemaChanges"]["added"] == ["Card 2"]
    wrong = error(
        bridge("presets.apply", {"id": "builtin-cloze", "draft": basic}), "invalid_params"
    )
    assert "cloze note type" in wrong["message"]
    unsaved = {**basic, "id": 0}
    assert (
        ok(bridge("presets.apply", {"id": "builtin-basic", "draft": unsaved}))["schemaChanges"]
        is None
    )


@pytest.mark.parametrize("fields", [["Front", "Back"], ["Question", "Tip", "Extra"], []])
def test_a_snippets_text_is_what_applying_it_gives(bridge, col, fields):
    """The block list asks with the field names only; the text is the one presets.apply
    gives for the whole draft (the fields renamed alike)."""
    draft = {**col.models.by_name("Basic"), "flds": [{"name": name} for name in fields]}
    for snippet in ("builtin-snippet-hint", "builtin-snippet-extra"):
        applied = ok(bridge("presets.apply", {"id": snippet, "draft": draft}))
        text = ok(bridge("presets.snippetText", {"id": snippet, "fields": fields}))["text"]
        assert text == applied["snippet"] and text
    design = ok(bridge("presets.snippetText", {"id": "builtin-basic", "fields": fields}))
    assert design["text"] is None
    missing = bridge("presets.snippetText", {"id": "a" * 32, "fields": fields})
    assert missing["ok"] is False


def test_import_and_export_through_the_host(bridge, tmp_path, service):
    assert ok(bridge("presets.import")) == {"cancelled": True}
    path = tmp_path / "in.atdpreset"
    data = valid_json(name="Imported")
    data["design"]["cardTypes"][0]["back"] += '<img src="https://tracker.example/p.gif">'
    path.write_text(json.dumps(data), encoding="utf-8")
    bridge.host.open_path = str(path)
    asked = ok(bridge("presets.import"))
    assert asked["needsDecision"] is True
    [finding] = asked["plan"]["findings"]
    assert finding["kind"] == "remote-url"
    token = asked["plan"]["token"]
    assert ok(bridge("presets.import", {"token": token, "decision": "cancel"})) == {
        "cancelled": True
    }
    error(bridge("presets.import", {"token": token, "decision": "strip"}), "not_found")
    token = ok(bridge("presets.import"))["plan"]["token"]
    imported = ok(bridge("presets.import", {"token": token, "decision": "strip"}))["imported"]
    assert imported["name"] == "Imported"
    back = service.get(imported["id"]).preset.design.card_types[0].back
    assert "tracker" not in back

    assert ok(bridge("presets.export", {"id": imported["id"]})) == {"cancelled": True}
    assert bridge.host.suggested == ["Imported.atdpreset"]
    bridge.host.save_path = str(tmp_path / "out.atdpreset")
    exported = ok(bridge("presets.export", {"id": imported["id"]}))
    assert exported["format"] == "json" and Path(exported["path"]).is_file()

    path.write_bytes(path.read_bytes()[:30])
    bridge.host.open_path = str(path)
    bad = error(bridge("presets.import"), "invalid_params")
    assert bad["details"][0]["path"] == str(path)
    assert "truncated" in bad["details"][0]["message"]


def test_methods_presets_is_qt_free():
    tree = ast.parse((ROOT / "features" / "presets" / "methods.py").read_text(encoding="utf-8"))
    roots = {
        (node.module or "").split(".")[0]
        if isinstance(node, ast.ImportFrom) and node.level == 0
        else None
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not roots & {"aqt", "PyQt6", "PyQt5", "anki_template_designer"}


def test_thumbnails_through_the_bridge(bridge, col):
    draft = col.models.by_name("Basic")
    made = ok(bridge("presets.thumbnails", {"draft": draft, "ids": ["builtin-minimal"]}))
    assert list(made["thumbnails"]) == ["builtin-minimal"]
    thumbnail = made["thumbnails"]["builtin-minimal"]
    assert thumbnail["error"] is None and thumbnail["nodes"]
    every = ok(bridge("presets.thumbnails", {"draft": draft, "night": True}))["thumbnails"]
    assert len(every) == len(ok(bridge("presets.list"))["presets"])
    assert every["builtin-basic"]["bodyClass"].endswith("nightMode night_mode")
