"""The AnkiDroid lint pack (examples/plugins/ankidroid_lints), loaded through the real
plugin manager: each lint fires, located, on the shape it is about, and stays quiet on
the real-world look-alikes that do work on phones (the tests/corpus templates among them)."""

import pytest
from example_plugin_registry import EXAMPLES, registry_with_examples

from anki_template_designer.sdk.testing import registry_for
from anki_template_designer.services.plugins import PluginManager
from anki_template_designer.services.saving.checks import DraftChecks
from corpus import corpus_files

LINT_CORPUS = EXAMPLES.parents[1] / "tests" / "corpus" / "lint"
BACK = "{{FrontSide}}<hr id=answer>{{Back}}"


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    import shutil

    tmp = tmp_path_factory.mktemp("lints")
    shutil.copytree(EXAMPLES / "ankidroid_lints", tmp / "plugins" / "ankidroid_lints")
    registry = registry_for(tmp / "reg", plugins_dir=tmp / "plugins")
    manager = registry.get(PluginManager)
    assert manager.record("ankidroid_lints").state == "enabled"
    found = {rule.code: rule for plugin, rule in manager.collect("atd_lints")}
    yield found
    registry.close()


def draft(front="{{Front}}", back=BACK, css=".card { color: black; }", cards=1):
    return {
        "id": 1,
        "name": "Phone test",
        "type": 0,
        "css": css,
        "tmpls": [{"name": f"Card {n + 1}", "qfmt": front, "afmt": back} for n in range(cards)],
        "flds": [{"name": n} for n in ("Front", "Back", "Hint", "Meaning")],
    }


def where(rules, code, notetype):
    return [
        (d["card_type"], d["side"], d["line"], d["severity"])
        for d in rules[f"ankidroid.{code}"].check(notetype)
    ]


def test_the_pack_registers_four_documented_lints(rules):
    assert sorted(rules) == [
        "ankidroid.desktop-bridge",
        "ankidroid.desktop-only-font",
        "ankidroid.hover-reveal",
        "ankidroid.tooltip-only-field",
    ]
    assert all("phone" in r.description or "AnkiDroid" in r.description for r in rules.values())


# -- hover-reveal --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("css", "line"),
    [
        (".card {}\n.hint .answer { display: none; }\n.hint:hover .answer { display: block; }", 3),
        (".spoiler { color: transparent }\n\n.spoiler:hover { color: inherit }", 3),
        (".blur {\n  filter: blur(6px);\n}\n.blur:hover {\n  filter: none;\n}", 5),
        (".x { opacity: 0 } .y:hover, .x:hover { opacity: 1 }", 1),
        (
            "/* nested */\n.tip {\n  visibility: hidden;\n"
            "  &:hover {\n    visibility: visible;\n  }\n}",
            5,
        ),
    ],
)
def test_hover_reveal_fires_on_content_shown_only_on_hover(rules, css, line):
    assert where(rules, "hover-reveal", draft(css=css)) == [(None, "css", line, "warning")]


@pytest.mark.parametrize(
    "css",
    [
        "a:hover { color: #06c; text-decoration: underline; }",  # cosmetic
        "button { opacity: 1 } button:hover { opacity: 0.8 }",  # a dimmed button
        ".x:hover { display: block }",  # nothing hides it at rest
        ".hint .a { display: none }\n.hint:hover .a, .hint:focus .a { display: block }",
        ".s { color: transparent }\n@media (hover: hover) { .s:hover { color: inherit } }",
        ".nested { color: red; & .child { color: blue; } &:hover { color: green } }",
        "/* .a { display: none } .a:hover { display: block } */",
        ".menu:hover .sub { display: none }",  # hides on hover, shows nothing
    ],
)
def test_hover_reveal_stays_quiet_on_look_alikes(rules, css):
    assert where(rules, "hover-reveal", draft(css=css)) == []


# -- desktop-bridge (pycmd) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("{{Front}}\n<script>\n  pycmd('ans');\n</script>", 3),
        ("<button onclick=\"pycmd('ans')\">Show</button>", 1),
        ("<script>\nvar a = 1;\n\nbridgeCommand ('ans')</script>", 4),
        ("<SCRIPT type=text/javascript>py.link('x')</SCRIPT>", 1),
    ],
)
def test_desktop_bridge_fires_on_unguarded_pycmd(rules, front, line):
    assert where(rules, "desktop-bridge", draft(front=front)) == [(0, "front", line, "warning")]


@pytest.mark.parametrize(
    "front",
    [
        "<script>if (typeof pycmd !== 'undefined') pycmd('ans');</script>",
        "<script>window.pycmd && window.pycmd('ans')</script>",
        "<script>try { pycmd('ans') } catch (e) { showAnswer() }</script>",
        "<script>if ('pycmd' in window) { pycmd('ans') }</script>",
        "<p>Type pycmd(x) in the console</p>",  # text, not a script
        "<script>mypycmd('x'); obj.pycmd('y')</script>",  # other functions
        "<script>/* no calls */ document.body.classList.add('x')</script>",
    ],
)
def test_desktop_bridge_stays_quiet_on_guarded_calls_and_text(rules, front):
    assert where(rules, "desktop-bridge", draft(front=front)) == []


def test_desktop_bridge_names_the_card_type_and_side(rules):
    notetype = draft(cards=2)
    notetype["tmpls"][1]["afmt"] = "{{FrontSide}}\n\n<script>pycmd('x')</script>"
    assert where(rules, "desktop-bridge", notetype) == [(1, "back", 3, "warning")]


# -- tooltip-only-field ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ('{{Front}}\n<span title="{{Meaning}}">?</span>', 2),
        ("<abbr title='{{text:Hint}}'>{{Front}}</abbr>", 1),
        ("{{Front}} <b title={{Hint}}>hint</b>", 1),
    ],
)
def test_tooltip_only_field_fires_on_a_field_seen_only_on_hover(rules, front, line):
    assert where(rules, "tooltip-only-field", draft(front=front, back="{{Back}}")) == [
        (0, "front", line, "warning")
    ]


@pytest.mark.parametrize(
    ("front", "back"),
    [
        ('<p title="a &quot;quoted&quot; title">{{Front}}</p>', "{{Back}}"),  # static text
        ('<div title="Tags: {{Tags}}">{{Front}}</div>', "{{Back}}"),  # special field
        ('<span title="{{Meaning}}">{{Front}}</span> ({{Meaning}})', "{{Back}}"),  # also shown
        ("<img src={{Front}} alt='{{text:Hint}}'>", "{{Back}}"),  # alt, not a tooltip
        ('<a href="#" title="Open {{Front}} in a dictionary">{{Front}}</a>', "{{Back}}"),
    ],
)
def test_tooltip_only_field_stays_quiet_on_look_alikes(rules, front, back):
    assert where(rules, "tooltip-only-field", draft(front=front, back=back)) == []


def test_tooltip_only_field_is_reported_where_the_tooltip_is_written(rules):
    # A hint meant before the answer: shown on the back does not help on the front.
    front = '<span title="{{Hint}}">{{Front}}</span>'
    back = "{{FrontSide}}<hr id=answer>{{Hint}}\n<i title='{{Meaning}}'>?</i>"
    found = where(rules, "tooltip-only-field", draft(front=front, back=back))
    assert found == [(0, "front", 1, "warning"), (0, "back", 2, "warning")]


# -- desktop-only-font -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("css", "line"),
    [
        ('.card {\n  font-family: "Segoe UI";\n}', 2),
        (".jp { font-family: 'MS Mincho', 'Hiragino Mincho ProN' }", 1),
        (".c {}\n.c2 { font-family: Calibri, Consolas !important; }", 2),
    ],
)
def test_desktop_only_font_fires_without_a_fallback_phones_have(rules, css, line):
    assert where(rules, "desktop-only-font", draft(css=css)) == [(None, "css", line, "warning")]


@pytest.mark.parametrize(
    "css",
    [
        '.card { font-family: "Segoe UI", Roboto, sans-serif; }',
        ".card { font-family: Arial; }",  # Android maps Arial to its sans-serif
        "#typeans { font-family: 'Courier New', monospace; }",
        '@font-face { font-family: "MS Mincho"; src: url("_msmincho.ttf"); }\n'
        '.jp { font-family: "MS Mincho"; }',  # bundled with the collection
        ".card { font-family: var(--font); }",
        '.card { font-family: "My Font", arial; }',
        '.card { content: "font-family: Calibri"; }',
    ],
)
def test_desktop_only_font_stays_quiet_on_look_alikes(rules, css):
    assert where(rules, "desktop-only-font", draft(css=css)) == []


# -- the corpus and hostile input -------------------------------------------------------


def corpus_drafts():
    for path in [*corpus_files(), *sorted(LINT_CORPUS.iterdir())]:
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".css":
            yield path.name, draft(css=text)
        else:
            yield path.name, draft(front=text, back="{{FrontSide}}<hr id=answer>" + text)


@pytest.mark.parametrize(("name", "notetype"), list(corpus_drafts()))
def test_real_world_templates_of_the_corpus_raise_no_finding(rules, name, notetype):
    found = [d for rule in rules.values() for d in rule.check(notetype)]
    assert found == [], name


@pytest.mark.parametrize(
    "css",
    ["{{{{", "}}}} .a:hover { display", '.a { font-family: "unterminated', "/* open", "\x00" * 50],
)
def test_malformed_css_never_raises(rules, css):
    notetype = draft(css=css, front="<script>pycmd(", back="<b title='{{")
    for rule in rules.values():
        assert isinstance(rule.check(notetype), list)


def test_findings_reach_the_designers_checks_located(tmp_path, col):
    registry, _hosts, _manager = registry_with_examples(tmp_path, col, "ankidroid_lints")
    try:
        basic = dict(col.models.by_name("Basic"))
        basic["tmpls"] = [dict(t) for t in basic["tmpls"]]
        basic["tmpls"][0]["qfmt"] = "{{Front}}\n<script>pycmd('ans')</script>"
        found = [
            d for d in registry.get(DraftChecks).run(basic) if d["code"].startswith("ankidroid.")
        ]
    finally:
        registry.close()
    assert [(d["code"], d["card_type"], d["side"], d["line"]) for d in found] == [
        ("ankidroid.desktop-bridge", 0, "front", 2)
    ]
    assert found[0]["fix"] and "pycmd" in found[0]["message"]
