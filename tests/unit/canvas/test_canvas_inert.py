"""The sanitizer behind `canvas.display`: only an allowlist of tags and attributes, no
way to load or run anything, built without a browser."""

import pytest

from anki_template_designer.services.canvas.inert import (
    MAX_DEPTH,
    inert_nodes,
    safe_image_source,
    safe_style,
)


def inert(text, type_in=True):
    return inert_nodes(text, lambda side, index: f"{side}{index}.mp3", type_in)


def el(tag, attrs=None, *children):
    return {"t": "el", "tag": tag, "attrs": attrs or {}, "c": list(children)}


def tx(text):
    return {"t": "text", "text": text}


def test_allowed_markup_is_kept_with_decoded_text():
    assert inert('<b class="x y" onclick="a()">A &amp; B</b><br/>') == [
        el("b", {"class": "x y"}, tx("A & B")),
        el("br"),
    ]
    assert inert("<table><tr><td colspan=2 rowspan='3'>x</td></tr></table>") == [
        el("table", {}, el("tr", {}, el("td", {"colspan": "2", "rowspan": "3"}, tx("x"))))
    ]


def test_unknown_tags_give_way_to_their_children_and_dangerous_ones_vanish_whole():
    assert inert('<a href="javascript:x()">go <b>now</b></a>') == [
        tx("go "),
        el("b", {}, tx("now")),
    ]
    assert inert("<custom-el>in</custom-el><label>l</label>") == [tx("inl")]
    for dropped in (
        "<script>x</script>",
        "<style>p{}</style>",
        "<iframe srcdoc='<b>x</b>'>x</iframe>",
        "<svg onload=x()><foreignObject><div>x</div></foreignObject></svg>",
        "<math><mi>x</mi></math>",
        "<template><b>x</b></template>",
        "<noscript><b>x</b></noscript>",
        "<object data=x><b>x</b></object>",
        "<form action=x><b>x</b></form>",
        "<video src=x><b>x</b></video>",
        "<audio autoplay src=x></audio>",
        "<meta http-equiv=refresh content='0;url=x'>",
        "<link rel=stylesheet href=x>",
        "<base href=x>",
        "<embed src=x>",
        "<title>x</title>",
        "<!-- <b>x</b> -->",
        "<!DOCTYPE html>",
    ):
        assert inert(dropped + "ok") == [tx("ok")], dropped
    assert inert("<textarea><b>x</b> &amp;</textarea>") == [tx("<b>x</b> &")]


def test_the_noscript_mutation_payload_stays_dead():
    payload = '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>after'
    nodes = inert(payload)
    assert nodes == [tx("after")] or all(n["t"] == "text" for n in nodes)


def test_attributes_are_allowlisted_and_the_first_of_a_name_counts():
    nodes = inert(
        '<span class=a class=b title="t" data-cloze="&lt;b&gt;" data-ordinal=1 dir=rtl lang=de '
        'id=x name=n href=h srcset="a 2x" onmouseover=x() tabindex=1 contenteditable '
        "autofocus data-other=z src=a.png>x</span>"
    )
    assert nodes == [
        el(
            "span",
            {
                "class": "a",
                "title": "t",
                "data-cloze": "<b>",
                "data-ordinal": "1",
                "dir": "rtl",
                "lang": "de",
            },
            tx("x"),
        )
    ]
    assert inert("<img width=10 height=20 alt='' src=x.png>") == [
        el("img", {"width": "10", "height": "20", "alt": "", "src": "x.png"})
    ]


@pytest.mark.parametrize(
    "source",
    [
        "http://evil/x.png",
        "HTTPS://evil/x.png",
        "//evil/x.png",
        "/etc/passwd",
        "\\\\evil\\x.png",
        "C:\\x.png",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "../x.png",
        "a/../../x.png",
        "%2e%2e/x.png",
        "%2F%2Fevil/x.png",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/png,notbase64",
        "",
    ],
)
def test_image_sources_that_could_reach_anything_but_a_media_file_are_dropped(source):
    assert safe_image_source(source) is None
    assert inert(f'<img src="{source}">') == [el("img")]


def test_media_names_and_inline_images_are_kept():
    assert safe_image_source("a%20b.jpg") == "a%20b.jpg"
    assert safe_image_source("sub dir/ok.png") == "sub dir/ok.png"
    data = "data:image/png;base64,iVBORw0KGgo="
    assert safe_image_source(data) == data
    assert safe_image_source(" x.png\n") == "x.png"
    assert inert("<span src=x.png>s</span>") == [el("span", {}, tx("s"))]


@pytest.mark.parametrize(
    "style",
    [
        "background: url(http://evil/x)",
        "background: URL( 'x.png' )",
        "background: u\\rl(http://evil/x)",
        "background: u\\72 l(http://evil/x)",
        "background: u/**/rl(x)",
        "background-image: image-set('x.png' 1x)",
        "behavior: url(x.htc)",
        "width: expression(alert(1))",
        "-moz-binding: url(x.xml#x)",
        "list-style: cross-fade(url(a), url(b))",
        'background-image: src("http://evil/x")',
    ],
)
def test_style_declarations_that_load_or_run_something_are_dropped(style):
    assert safe_style(style) is None
    assert safe_style(f"color: red; {style}; margin: 0") == "color: red; margin: 0"


def test_styles_that_are_not_a_declaration_list_are_dropped_whole():
    assert safe_style("color: red; } body { background: red") is None
    assert safe_style("@import 'x.css'; color: red") is None
    assert safe_style("display: none") == "display: none"
    assert inert('<div style="font-family: &quot;A&quot;; color: red;">x</div>') == [
        el("div", {"style": 'font-family: "A"; color: red'}, tx("x"))
    ]


def test_sound_and_type_in_chips():
    sound = el("span", {"class": "atd-sound"}, tx("🔊 q1.mp3"))
    assert inert("a[anki:play:q:1]b") == [tx("a"), sound, tx("b")]
    assert inert("[sound:x y.mp3]") == [el("span", {"class": "atd-sound"}, tx("🔊 x y.mp3"))]
    chip = el("span", {"class": "atd-typein"}, tx("type answer here"))
    assert inert("<center>[[type:Back]]</center>") == [el("center", {}, chip)]
    assert inert("[[type:Back]]", type_in=False) == [tx("[[type:Back]]")]


def test_misnested_and_unclosed_markup_and_deep_nesting():
    assert inert("<b>x<i>y</b>z") == [el("b", {}, tx("x"), el("i", {}, tx("y"))), tx("z")]
    assert inert("<div>open") == [el("div", {}, tx("open"))]
    assert inert("</p>stray") == [tx("stray")]
    nodes = inert("<div>" * 300 + "deep" + "</div>" * 300)
    depth = 0
    node = nodes[0]
    while node["t"] == "el":
        depth += 1
        node = node["c"][0]
    assert depth == MAX_DEPTH and node == tx("deep")
