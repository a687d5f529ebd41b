"""Untrusted content in imported presets: found where the browser would see it,
reported with its place, and stripped without touching any other byte."""

import pytest

from anki_template_designer.services.presets.model import Theme
from anki_template_designer.services.presets.untrusted import (
    scan_css,
    scan_preset,
    scan_template,
    strip_css,
    strip_preset,
    strip_template,
)
from preset_helpers import design_preset, snippet_preset, theme_preset


def kinds(text):
    return [f.kind for f in scan_template(text, "/t")]


@pytest.mark.parametrize(
    ("template", "expected", "stripped"),
    [
        ("<b>{{Front}}</b><script>alert(1)</script>", ["script"], "<b>{{Front}}</b>"),
        ("<svg><script>x()</script></svg>", ["script"], "<svg></svg>"),
        ('<img src="_a.png" onerror="x()">', ["event-handler"], '<img src="_a.png">'),
        ('<div onclick="a" ONMOUSEOVER=b>t</div>', ["event-handler"] * 2, "<div>t</div>"),
        ('<div onclick=x class="c">t</div>', ["event-handler"], '<div class="c">t</div>'),
        ('<a href="javascript:go()">x</a>', ["javascript-url"], "<a>x</a>"),
        ('<a href=" JaVa&#x53;cript:go()">x</a>', ["javascript-url"], "<a>x</a>"),
        ('<a href="java\tscript:go()">x</a>', ["javascript-url"], "<a>x</a>"),
        ('<a href="&#106;avascript&colon;go()">x</a>', ["javascript-url"], "<a>x</a>"),
        ('<svg><a xlink:href="vbscript:x">x</a></svg>', ["javascript-url"], "<svg><a>x</a></svg>"),
        ('<img src="https://cdn.example/x.png" alt=a>', ["remote-url"], "<img alt=a>"),
        ('<img src="//cdn.example/x.png">', ["remote-url"], "<img>"),
        ('<img srcset="_a.png 1x, http://x/b.png 2x">', ["remote-url"], "<img>"),
        ('<link rel=stylesheet href="https://x/y.css">', ["remote-url"], "<link rel=stylesheet>"),
        ('<iframe src="_page.html"></iframe>after', ["embedded-document"], "after"),
        ('<object data="_x.swf"></object>', ["embedded-document"], ""),
        ('<div srcdoc="&lt;script&gt;">x</div>', ["embedded-document"], "<div>x</div>"),
        ('<meta http-equiv="refresh" content="0;url=_x.html">', ["meta-refresh"], ""),
        (
            '<div style="color: red; background: url(https://x/y.png)">x</div>',
            ["remote-url"],
            '<div style="color: red; ">x</div>',
        ),
        (
            "<style>@import url('https://x/y.css');\n.a { color: red; }</style>",
            ["css-import"],
            "<style>\n.a { color: red; }</style>",
        ),
        ("<div><b onclick=x><i>t</b></i></div>", ["unparsed-region"], "<div></div>"),
        # A section crossing an element no longer hides the element: its handler is found.
        (
            "<div>{{#F}}<b onclick=x>{{/F}}</b></div>",
            ["event-handler"],
            "<div>{{#F}}<b>{{/F}}</b></div>",
        ),
    ],
)
def test_each_hazard_is_found_and_stripped(template, expected, stripped):
    assert kinds(template) == expected
    assert strip_template(template) == stripped
    assert kinds(stripped) == []


@pytest.mark.parametrize(
    "template",
    [
        "<b>{{Front}}</b> {{#Back}}<i>{{Back}}</i>{{/Back}}",
        '<div title="https://example.com" data-x="//y">plain https://example.com text</div>',
        '<a href="_local.html">x</a><img src="_a.png" alt="onclick=x">',
        "<!-- <script>commented out</script> -->",
        '<div class="javascript">on the onclick</div>',
        "<div>{{#F}}<b>{{/F}}</b></div>",
        '<img src="{{Image}}">',
        "<style>.a { background: url(_bg.png); }</style>",
    ],
)
def test_harmless_content_is_not_reported(template):
    assert kinds(template) == []
    assert strip_template(template) == template


def test_findings_have_lines_columns_and_excerpts():
    text = "<div>\n  <b>x</b>\n  <img src=x onerror='steal()'>\n</div>"
    [finding] = scan_template(text, "/design/cardTypes/0/back")
    assert (finding.path, finding.line, finding.column) == ("/design/cardTypes/0/back", 3, 14)
    assert finding.excerpt == "onerror='steal()'"
    assert finding.to_json()["message"].startswith("an event handler")


def test_stripping_keeps_every_other_byte():
    template = (
        "{{#Front}}\r\n<div  class='a'   onclick=\"x\"  id=b>{{Front}}</div>\r\n{{/Front}}"
        "<script>evil()</script>\n<!-- keep -->"
    )
    assert strip_template(template) == (
        "{{#Front}}\r\n<div  class='a'  id=b>{{Front}}</div>\r\n{{/Front}}\n<!-- keep -->"
    )


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ('@import "https://x/y.css";\n', ["css-import"]),
        ("@import url(//x/y.css);\n", ["css-import"]),
        ('@import "_local.css";\n', []),
        (".a { background: url(https://x/y.png); }", ["remote-url"]),
        (".a { background: u\\72l(http://x/y.png); }", ["remote-url"]),
        ("@font-face { font-family: f; src: url('//x/f.woff2'); }", ["remote-url"]),
        ("@font-face { font-family: f; src: url('_f.woff2'); }", []),
        (".a { background: url(javascript:alert(1)); }", ["javascript-url"]),
        (".a { width: expression(alert(1)); }", ["css-expression"]),
        (".a { behavior: url(x.htc); }", ["css-expression"]),
        (".a { -moz-binding: url(x.xml#y); }", ["css-expression"]),
        (".a { background: image-set('https://x/a.png' 1x); }", ["remote-url"]),
        ("@media (max-width: 400px) { .a { background: url(http://x/y.png); } }", ["remote-url"]),
        (".a { color: red; content: 'https://example.com'; }", []),
    ],
)
def test_css_hazards(css, expected):
    assert [f.kind for f in scan_css(css, "/design/css")] == expected
    stripped = strip_css(css)
    assert scan_css(stripped, "/c") == []
    if not expected:
        assert stripped == css


def test_css_stripping_removes_only_the_declaration():
    css = ".card {\n  color: red;\n  background: url(https://x/y.png);\n  margin: 0;\n}\n"
    assert strip_css(css) == ".card {\n  color: red;\n  \n  margin: 0;\n}\n"


def test_a_whole_preset_is_scanned_and_stripped():
    preset = design_preset()
    design = preset.design
    card = design.card_types[0]
    hostile = preset.with_changes(
        body=design.__class__(
            design.note_kind,
            (card.__class__(card.name, card.front + "<script>x()</script>", card.back),),
            design.css + "@import 'http://x/y.css';\n",
        )
    )
    found = scan_preset(hostile)
    assert [(f.kind, f.path) for f in found] == [
        ("script", "/design/cardTypes/0/front"),
        ("css-import", "/design/css"),
    ]
    clean = strip_preset(hostile)
    assert scan_preset(clean) == []
    assert clean.design.card_types[0].front == card.front
    assert clean.design.css == design.css + "\n"  # the at-rule goes, its line break stays


def test_snippets_and_theme_values_are_scanned():
    snippet = snippet_preset(
        template='<img src="https://x/t.gif">{{Hint}}', css=".x{background:url(//y)}"
    )
    assert [(f.kind, f.path) for f in scan_preset(snippet)] == [
        ("remote-url", "/snippet/template"),
        ("remote-url", "/snippet/css"),
    ]
    theme = theme_preset().with_changes(
        body=Theme(
            {"--atd-fg": "#000", "--atd-bg": "#fff", "--atd-pattern": "url(https://x/p.png)"},
            {"--atd-pattern": "url(_local.png)"},
        )
    )
    [finding] = scan_preset(theme)
    assert (finding.kind, finding.path) == ("remote-url", "/theme/vars/light/--atd-pattern")
    assert "--atd-pattern" not in strip_preset(theme).theme.light
    assert strip_preset(theme).theme.night == {"--atd-pattern": "url(_local.png)"}
