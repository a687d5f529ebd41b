"""The Export… menu's bridge methods over real plugins loaded from disk: every enabled
plugin's exporters are listed, run on the draft and written where the user picks; a
cancelled dialog writes nothing; a plugin's exporter that raises, returns the wrong thing
or reuses an id is a clear error or left out, and the designer carries on."""

import json
import logging
import textwrap

import pytest

from anki_template_designer.sdk.testing import Bridge, plain_hosts, registry_for
from anki_template_designer.services.plugins import PluginManager

PLUGINS = {
    "good": """
        from atd_sdk import hookimpl
        from atd_sdk.contributions import Exporter

        def export(draft):
            draft["name"] = "changed by the exporter"
            names = ",".join(t["name"] for t in draft["tmpls"])
            return f"{draft['id']}:{names}".encode()

        @hookimpl
        def atd_exporters(context):
            return [Exporter("names", "Card type names", "txt", export, "text/plain")]
    """,
    "broken": """
        from atd_sdk import hookimpl
        from atd_sdk.contributions import Exporter

        def explode(draft):
            raise ValueError("no gallery for " + draft["name"])

        @hookimpl
        def atd_exporters(context):
            return [
                Exporter("explodes", "Explodes", "html", explode),
                Exporter("text", "Not bytes", "txt", lambda d: "a str"),
                Exporter("names", "Taken id", "txt", lambda d: b"x"),
                Exporter("bad-ext", "Bad extension", "../x", lambda d: b"x"),
                "not an exporter",
            ]
    """,
}

DRAFT = {
    "id": 7,
    "name": "Vocab: <b>/\\ ?",
    "type": 0,
    "css": ".card {}",
    "tmpls": [
        {"name": "Recognise", "qfmt": "{{Front}}", "afmt": "{{Back}}", "ord": 0},
        {"name": "Recall", "qfmt": "{{Back}}", "afmt": "{{Front}}", "ord": 1},
    ],
    "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
}


def write_plugin(root, plugin_id, code, requires=None):
    folder = root / plugin_id
    folder.mkdir(parents=True)
    manifest = {"id": plugin_id, "name": plugin_id.title(), "version": "1.0", "sdk": ">=0.1,<2"}
    manifest["requires"] = requires or {}
    (folder / "plugin.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "plugin.py").write_text(textwrap.dedent(code), encoding="utf-8")


@pytest.fixture
def setup(tmp_path):
    plugins = tmp_path / "plugins"
    write_plugin(plugins, "good", PLUGINS["good"])
    # started after "good", so "good" keeps the id both use
    write_plugin(plugins, "broken", PLUGINS["broken"], {"good": ">=1.0"})
    registry = registry_for(tmp_path / "reg", plugins_dir=plugins)
    hosts = plain_hosts(registry)
    bridge = Bridge(registry.get(PluginManager).bridge_methods())
    yield registry, hosts, bridge
    registry.close()


def test_lists_the_usable_exporters_of_enabled_plugins_only(setup, caplog):
    registry, _hosts, bridge = setup
    with caplog.at_level(logging.WARNING):
        listed = bridge.ok("exporters.list")
    assert listed == [
        {
            "id": "names",
            "label": "Card type names",
            "extension": "txt",
            "mediaType": "text/plain",
            "plugin": "good",
        },
        {
            "id": "explodes",
            "label": "Explodes",
            "extension": "html",
            "mediaType": "application/octet-stream",
            "plugin": "broken",
        },
        {
            "id": "text",
            "label": "Not bytes",
            "extension": "txt",
            "mediaType": "application/octet-stream",
            "plugin": "broken",
        },
    ]
    logged = caplog.text
    assert "'names' is already used by good" in logged
    assert "extension '../x'" in logged
    assert "returned str, not an Exporter" in logged
    registry.get(PluginManager).disable("good")  # and "broken", which needs it
    assert bridge.ok("exporters.list") == []
    assert bridge.error("exporters.run", {"id": "names", "draft": DRAFT})["code"] == "not_found"


def test_writes_the_exporters_bytes_where_the_user_picks(setup, tmp_path):
    _registry, hosts, bridge = setup
    hosts.save_path = str(tmp_path / "out.txt")
    result = bridge.ok("exporters.run", {"id": "names", "draft": DRAFT})
    assert result == {
        "path": hosts.save_path,
        "bytes": len(b"7:Recognise,Recall"),
        "exporter": "names",
        "plugin": "good",
    }
    assert (tmp_path / "out.txt").read_bytes() == b"7:Recognise,Recall"
    # the suggested name is the note type's, made safe for every file system
    assert hosts.suggested == ["Vocab_ _b_ _.txt"]


def test_cancelled_dialog_writes_nothing_and_is_no_error(setup, tmp_path):
    _registry, hosts, bridge = setup
    hosts.save_path = None
    assert bridge.ok("exporters.run", {"id": "names", "draft": DRAFT}) == {"path": None}
    assert list(tmp_path.glob("*.txt")) == []


def test_unwritable_place_is_a_clear_error_naming_it(setup, tmp_path):
    _registry, hosts, bridge = setup
    hosts.save_path = str(tmp_path / "no-such-folder" / "out.txt")
    error = bridge.error("exporters.run", {"id": "names", "draft": DRAFT})
    assert error["code"] == "invalid_params"
    assert "cannot write" in error["message"] and "no-such-folder" in error["message"]


@pytest.mark.parametrize(
    ("exporter_id", "says"),
    [
        ("explodes", "ValueError: no gallery for Vocab"),
        ("text", "returned str, not the file's bytes"),
    ],
)
def test_a_failing_exporter_is_a_clear_error_naming_its_plugin(
    setup, tmp_path, caplog, exporter_id, says
):
    _registry, hosts, bridge = setup
    hosts.save_path = str(tmp_path / "never.html")
    with caplog.at_level(logging.WARNING):
        error = bridge.error("exporters.run", {"id": exporter_id, "draft": DRAFT})
    assert error["code"] == "internal"
    assert (
        "of plugin broken failed" in error["message"]
        or "of plugin broken returned" in (error["message"])
    )
    assert says in error["message"]
    assert error["details"] == {"plugin": "broken", "exporter": exporter_id}
    assert "broken" in caplog.text
    assert not (tmp_path / "never.html").exists()
    assert hosts.suggested == []  # the user is not asked where before the bytes exist
    # the designer carries on: the other exporters still work
    hosts.save_path = str(tmp_path / "ok.txt")
    assert bridge.ok("exporters.run", {"id": "names", "draft": DRAFT})["bytes"] > 0


@pytest.mark.parametrize(
    "params",
    [
        {"id": "names"},
        {"draft": DRAFT},
        {"id": "../etc", "draft": DRAFT},
        {"id": "names", "draft": DRAFT, "path": "/tmp/x"},
        {"id": "names", "draft": {"name": "no card types"}},
    ],
)
def test_hostile_params_are_refused_before_any_exporter_runs(setup, params):
    _registry, hosts, bridge = setup
    assert bridge.error("exporters.run", params)["code"] == "invalid_params"
    assert hosts.suggested == []


def test_an_exporter_cannot_change_the_draft_it_is_given(setup, tmp_path):
    registry, hosts, _bridge = setup
    from anki_template_designer.services.exporting import ExporterCatalog

    hosts.save_path = str(tmp_path / "x.txt")
    draft = json.loads(json.dumps(DRAFT))
    registry.get(ExporterCatalog).run("names", draft)
    assert draft == DRAFT
