"""The HTML gallery example plugin over a real collection: every card type's front and
back rendered by Anki with real notes, the CSS, and nothing in the file that can run or
load (hostile templates and fields included)."""

import re

import pytest
from example_plugin_registry import registry_with_examples

from anki_template_designer.sdk.testing import Bridge
from collection_helpers import add_note

HOSTILE_FRONT = """<script>document.title = "ran"</script>
<div class="q" onclick="alert(1)" data-x="ok">{{Front}}</div>
<a href=" java&#x09;script:alert(2)">js link</a> <a href="https://example.org/">web link</a>
<img src="https://127.0.0.1:9/remote.png" onerror="alert(3)">
<svg><script>alert(4)</script><a xlink:href="javascript:alert(5)">svg</a></svg>
<iframe srcdoc="&lt;script&gt;alert(6)&lt;/script&gt;"></iframe>
<meta http-equiv="refresh" content="0;url=https://127.0.0.1:9/">
<object data="data:text/html,<script>alert(7)</script>"></object>
<style>.q { color: red } </style><!-- a comment with <script> -->"""


@pytest.fixture
def gallery(tmp_path, col):
    models = col.models
    notetype = models.new("Vocab gallery")
    for name in ("Front", "Back"):
        models.add_field(notetype, models.new_field(name))
    for name, qfmt, afmt in (
        ("Recognise", HOSTILE_FRONT, "{{FrontSide}}<hr id=answer>{{Back}}"),
        ("Recall", "<b>{{Back}}</b>", "{{FrontSide}}<hr id=answer>{{Front}}"),
    ):
        template = models.new_template(name)
        template["qfmt"], template["afmt"] = qfmt, afmt
        models.add_template(notetype, template)
    notetype["css"] = ".card { font-size: 22px; } /* </style><script>alert(8)</script> */"
    models.add(notetype)
    for index in range(5):
        add_note(col, "Vocab gallery", f"front{index}", f"back{index}<script>alert(9)</script>")
    registry, hosts, _manager = registry_with_examples(tmp_path, col, "html_gallery")
    yield registry, hosts, col.models.by_name("Vocab gallery")
    registry.close()


def export(registry, hosts, tmp_path, draft):
    from anki_template_designer.services.plugins import PluginManager

    bridge = Bridge(registry.get(PluginManager).bridge_methods())
    hosts.save_path = str(tmp_path / "gallery.html")
    result = bridge.ok("exporters.run", {"id": "html_gallery", "draft": draft})
    assert result["plugin"] == "html_gallery"
    return (tmp_path / "gallery.html").read_text(encoding="utf-8")


def frames(page):
    """Each frame's document, unescaped once (as the browser reads srcdoc)."""
    import html

    return [html.unescape(m) for m in re.findall(r'srcdoc="([^"]*)"', page)]


def test_every_card_type_is_rendered_with_real_notes_front_and_back(gallery, tmp_path):
    registry, hosts, notetype = gallery
    page = export(registry, hosts, tmp_path, dict(notetype))
    docs = frames(page)
    assert len(docs) == 2 * 2 * 3  # card types x sides x the first three notes
    text = "\n".join(docs)
    for index in range(3):
        assert f"front{index}" in text and f"back{index}" in text
    assert "front3" not in text  # only a few notes
    assert "<h2>Recognise</h2>" in page and "<h2>Recall</h2>" in page
    assert "<b>back0</b>" in text  # the Recall front, rendered by Anki
    assert ".card { font-size: 22px; }" in text  # the note type's CSS styles each card
    assert "class='card card2'" in text


def test_the_draft_is_exported_not_the_saved_note_type(gallery, tmp_path):
    registry, hosts, notetype = gallery
    draft = dict(notetype)
    draft["tmpls"] = [dict(t) for t in notetype["tmpls"]]
    draft["tmpls"][1]["qfmt"] = "<i>draft only {{Back}}</i>"
    text = "\n".join(frames(export(registry, hosts, tmp_path, draft)))
    assert "<i>draft only back1</i>" in text


def test_nothing_in_the_file_can_run_or_load(gallery, tmp_path):
    registry, hosts, notetype = gallery
    page = export(registry, hosts, tmp_path, dict(notetype))
    docs = frames(page)
    for document in [page, *docs]:
        lowered = document.lower()
        assert "<script" not in lowered
        assert "javascript:" not in lowered.replace("\t", "")
        assert not re.search(r"<[^>]+\son\w+\s*=", lowered), "an event handler survived"
        assert "<iframe srcdoc" not in lowered and "<object" not in lowered
        assert 'http-equiv="refresh"' not in lowered
        assert "content-security-policy" in lowered and "default-src 'none'" in lowered
    assert all("<iframe sandbox " in f for f in re.findall(r"<iframe[^>]*>", page))
    assert "allow-scripts" not in page
    text = "\n".join(docs)
    assert 'data-x="ok"' in text and "web link" in text  # what is harmless stays


def test_a_note_type_without_notes_shows_a_sample(tmp_path, col):
    col.models.add(col.models.copy(col.models.by_name("Basic"), add=False))
    empty = col.models.by_name("Basic copy") or col.models.all()[-1]
    registry, hosts, _ = registry_with_examples(tmp_path, col, "html_gallery")
    try:
        page = export(registry, hosts, tmp_path, dict(empty))
    finally:
        registry.close()
    assert "a sample note (the note type has no notes)" in page
    assert len(frames(page)) == 2


def test_cloze_cards_show_each_notes_own_first_cloze(tmp_path, col):
    add_note(col, "Cloze", "{{c2::Paris}} is in {{c3::France}}", "")
    registry, hosts, _ = registry_with_examples(tmp_path, col, "html_gallery")
    try:
        page = export(registry, hosts, tmp_path, dict(col.models.by_name("Cloze")))
    finally:
        registry.close()
    docs = frames(page)
    assert len(docs) == 2
    assert "[...]" in docs[0] and "France" in docs[0]  # c2 hidden on the front
    assert "Paris" in docs[1]


def test_without_notetypes_read_the_plugin_cannot_render(tmp_path, col):
    import json
    import shutil
    from pathlib import Path

    from example_plugin_registry import EXAMPLES

    from anki_template_designer.sdk.testing import registry_for
    from anki_template_designer.services.plugins import PluginManager

    plugins = tmp_path / "plugins"
    shutil.copytree(EXAMPLES / "html_gallery", plugins / "html_gallery")
    manifest_path = Path(plugins / "html_gallery" / "plugin.json")
    manifest = json.loads(manifest_path.read_text())
    manifest["permissions"] = []
    manifest_path.write_text(json.dumps(manifest))
    registry = registry_for(tmp_path / "reg", collection=lambda: col, plugins_dir=plugins)
    try:
        manager = registry.get(PluginManager)
        assert manager.collect("atd_exporters") == []
        record = manager.record("html_gallery")
        assert record.state == "failed"
        assert "PluginPermissionError" in " ".join(record.errors)
        assert "notetypes:read" in " ".join(record.errors)
    finally:
        registry.close()


def _inert_html():
    import importlib.util
    import sys

    from example_plugin_registry import EXAMPLES

    name = "atd_test_gallery_sanitize"
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / "html_gallery" / "sanitize.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module.inert_html


@pytest.mark.parametrize(
    ("hostile", "kept"),
    [
        ("<img src=x onerror=alert(1)>", '<img src="x">'),
        ("<IMG SRC=x OnError='alert(1)'>", '<img src="x">'),
        ('<a href="jav&#x0A;ascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="  JAVASCRIPT:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="vbscript:msgbox(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,&lt;script&gt;">x</a>', "<a>x</a>"),
        ('<img src="data:image/png;base64,iVBO">', '<img src="data:image/png;base64,iVBO">'),
        ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
        ("<script><script></script>alert(1)</script>", "alert(1)"),
        (
            "<svg><animate attributeName=href to=javascript:alert(1) /></svg>",
            '<svg><animate attributename="href" /></svg>',
        ),
        (
            '<form action="https://127.0.0.1:9/"><button formaction="x">b</button></form>',
            "<form><button>b</button></form>",
        ),
        (
            '<a href="https://example.org/" ping="https://127.0.0.1:9/">x</a>',
            '<a href="https://example.org/">x</a>',
        ),
        (
            '<div title="&quot;><script>alert(1)</script>">t</div>',
            '<div title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">t</div>',
        ),
        ('<div a"b="1" c=2>t</div>', '<div c="2">t</div>'),
        ("<template><img src=x onerror=alert(1)></template>after", "after"),
        ("<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>", ""),
        (
            "<style>/* <script>alert(1)</script> */ .a{}</style>",
            "<style>/* \\3C script>alert(1)\\3C /script> */ .a{}</style>",
        ),
        ("<!-- <script>alert(1)</script> --><![CDATA[x]]><?php x ?>ok", "ok"),
        ("unclosed <img src=x onerror=alert(1)", "unclosed &lt;img src=x onerror=alert(1)"),
    ],
)
def test_hostile_markup_is_made_inert(hostile, kept):
    inert = _inert_html()(hostile)
    assert "<script" not in inert.lower()
    assert not re.search(r"<[^>]*\son\w+=", inert.lower())
    assert "javascript:" not in inert.lower()
    assert inert == kept or (kept and kept in inert), inert
