"""Cross-client compatibility on hand-made templates using features a client lacks."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from anki_template_designer.services.analytics.compat_features import CLIENTS, FEATURES
from anki_template_designer.services.analytics.compatibility import (
    DATA_FILE,
    compatibility_findings,
    covering_prefix,
    lacking_clients,
)
from anki_template_designer.services.templates import NoteTypeDocument

ROOT = Path(__file__).resolve().parents[3]
BCD = ROOT / "web" / "node_modules" / "@mdn" / "browser-compat-data" / "data.json"


def findings(front="", css="", back=""):
    document = NoteTypeDocument.from_notetype(
        {"name": "T", "flds": [{"name": "F"}], "css": css,
         "tmpls": [{"name": "Card 1", "qfmt": front, "afmt": back}]}
    )  # fmt: skip
    return list(compatibility_findings(document))


def test_shipped_data_holds_only_the_detected_features_and_is_small():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert set(data["features"]) == {f.path for f in FEATURES}
    assert [c["id"] for c in data["clients"]] == [c.id for c in CLIENTS]
    assert data["source"]["package"] == "@mdn/browser-compat-data"
    assert DATA_FILE.stat().st_size < 50_000


@pytest.mark.skipif(not BCD.is_file(), reason="web/node_modules not installed (cd web && npm ci)")
def test_shipped_data_is_what_the_build_script_extracts_from_the_pinned_package():
    pinned = json.loads((ROOT / "web" / "package.json").read_text())["devDependencies"]
    installed = json.loads(BCD.with_name("package.json").read_text())["version"]
    assert pinned["@mdn/browser-compat-data"] == installed
    result = subprocess.run(
        [sys.executable, "scripts/build_compat_data.py", "--check"], cwd=ROOT,
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_has_selector_is_reported_for_the_clients_that_lack_it_with_the_versions():
    [found] = findings("{{F}}", css="\n\n.a:has(b) { color: red }")
    assert (found.code, found.side, found.line, found.column) == ("compat-web-feature", "css", 3, 1)
    assert "AnkiMobile: webview_ios 15.0 (added in 15.4)" in found.message
    assert "AnkiWeb: firefox 115 (added in 121)" in found.message
    assert "Anki desktop" not in found.message  # Chromium 140 has it


def test_features_every_client_has_are_not_reported():
    assert findings("<b>{{F}}</b><script>a?.b; x.replaceAll('a','b')</script>",
                    css=".card { display: flex; color: red }") == []  # fmt: skip
    assert lacking_clients("css.selectors.is") == []
    assert lacking_clients("css.at-rules.scope")  # Chromium 118+, Safari 17.4+: a gap


def test_js_and_html_features_are_located_in_the_template():
    front = "{{F}}\n<dialog open>x</dialog>\n<script>\nconst c = structuredClone(o);\n</script>"
    found = {(f.code, f.card_type, f.side, f.line) for f in findings(front)}
    assert ("compat-web-feature", 0, "front", 4) in found  # structuredClone: iOS 15.4
    messages = " ".join(f.message for f in findings(front))
    assert "structuredClone()" in messages


def test_anki_specific_differences():
    front = (
        "{{edit:F}} {{morphHighlight:F}} {{myaddon:F}} {{type:F}} "
        "{{tts en_US voices=Apple_Samantha:F}}\n"
        '<img src="sub/pic.png"> <img src="pic.png"> <img src="https://x.org/a.png">'
        '<img src="file:///C:/a.png"><script>pycmd("ans")</script>'
    )
    found = findings(front)
    assert sorted(f.code for f in found) == sorted(
        ["compat-addon-filter"] * 3
        + ["compat-type-in", "compat-tts", "compat-media-path", "compat-media-path",
           "compat-desktop-only-js"]
    )  # fmt: skip
    addon = [f.message for f in found if f.code == "compat-addon-filter"]
    assert any("AnkiMorphs" in m for m in addon) and any("`myaddon:`" in m for m in addon)
    media = [f.message for f in found if f.code == "compat-media-path"]
    assert any("sub/pic.png" in m for m in media) and any("file:///C:/a.png" in m for m in media)
    js = next(f for f in found if f.code == "compat-desktop-only-js")
    assert (js.line, js.side) == (2, "front") and js.fix


def test_a_name_that_only_starts_with_pycmd_is_not_a_call():
    assert not [f for f in findings("<script>var pycmdName = 1;</script>")
                if f.code == "compat-desktop-only-js"]  # fmt: skip


def test_a_property_some_clients_have_only_prefixed_gets_that_prefix_as_its_advice():
    [found] = [f for f in findings(css=".a { user-select: none; }") if "user-select" in f.message]
    assert covering_prefix("css.properties.user-select") == "-webkit-"
    assert found.fix == "add `-webkit-user-select` with the same value before it"


def test_a_rule_that_already_has_the_prefixed_fallback_is_not_flagged():
    css = ".a { -webkit-user-select: none; user-select: none; }\n.b { user-select: none; }"
    flagged = [f for f in findings(css=css) if "user-select" in f.message]
    assert [(f.line, f.column) for f in flagged] == [(2, 6)]


def test_no_prefix_is_offered_when_the_lacking_engines_have_none():
    # :has() has no prefixed form anywhere; the generic advice stays.
    assert covering_prefix("css.selectors.has") is None
