"""`canvas.tree`: the compact tree is small and mirrors the model node for node."""

import hashlib
import json

import pytest

from anki_template_designer.features.canvas.methods import canvas_methods
from anki_template_designer.gui.bridge import Dispatcher
from anki_template_designer.services.canvas import CanvasService, text_hash
from anki_template_designer.services.registry import Registry
from anki_template_designer.services.templates import parse_css, parse_template
from corpus import corpus_files

FILES = corpus_files()
TYPES = {
    "element": "el",
    "text": "text",
    "field": "field",
    "section": "section",
    "avDirective": "av",
    "rawtext": "rawtext",
    "comment": "comment",
    "declaration": "declaration",
    "delimiters": "delimiters",
    "raw": "raw",
}


def read(path):
    return path.read_bytes().decode("utf-8", "surrogateescape")


def size(data):
    return len(json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def check_template_nodes(model_nodes, compact_nodes):
    assert [n.id for n in model_nodes] == [c["id"] for c in compact_nodes]
    for node, item in zip(model_nodes, compact_nodes, strict=True):
        assert item["t"] == TYPES[node.type]
        assert item["k"] == text_hash(node.raw)
        if "c" in item:
            check_template_nodes(node.children, item["c"])
        else:
            assert node.children == () or item["t"] == "rawtext"


def check_css_nodes(model_nodes, compact_nodes):
    solid = [n for n in model_nodes if n.type != "whitespace"]
    assert [n.id for n in solid] == [c["id"] for c in compact_nodes]
    for node, item in zip(solid, compact_nodes, strict=True):
        assert (item["t"], item["k"]) == (node.type, text_hash(node.raw))
        if node.body is None:
            assert "decls" not in item and "c" not in item
            continue
        decls = node.declarations()
        assert [(d["id"], d["prop"], d["value"]) for d in item["decls"]] == [
            (d.id, d.property_name, d.value) for d in decls
        ]
        check_css_nodes([n for n in node.children if n.type != "declaration"], item["c"])


def compact_and_full(text):
    document = parse_template(text)
    compact = CanvasService().tree({"c0.front": text})["c0.front"]
    return document, compact


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_compact_tree_matches_the_model_node_for_node(path):
    text = read(path)
    document, compact = compact_and_full(text)
    assert compact["kind"] == "template"
    check_template_nodes(document.children, compact["nodes"])
    # Flat files gain least (to_json repeats raw per depth): every node still needs its
    # id, type and hash, and half of a flat template's nodes are "\n" text nodes.
    assert size(compact) <= 0.55 * size(document.to_json())
    if path.suffix == ".css":
        css = parse_css(text)
        compact_css = CanvasService().tree({"css": text})["css"]
        assert compact_css["kind"] == "css"
        check_css_nodes(css.children, compact_css["rules"])
        assert size(compact_css) <= 0.4 * size(css.to_json())


def test_the_corpus_as_a_whole_is_at_most_40_percent_of_to_json():
    pairs = [compact_and_full(read(path)) for path in FILES]
    compact = sum(size(tree) for _, tree in pairs)
    full = sum(size(document.to_json()) for document, _ in pairs)
    assert compact <= 0.4 * full


def test_a_large_nested_template_is_at_most_40_percent_of_to_json():
    rows = "\n".join(
        f'<div class="row r{i}">\n  <div class="cell"><b>{{{{Front}}}}</b> <i>x</i></div>\n'
        f"  {{{{#Back}}}}<ul><li><span>{{{{Back}}}}</span></li></ul>{{{{/Back}}}}\n</div>"
        for i in range(50)
    )
    document, compact = compact_and_full(f"<div class=card><section>{rows}</section></div>")
    assert sum(1 for _ in document.walk()) > 1000
    assert size(compact) <= 0.4 * size(document.to_json())


def test_k_is_a_16_hex_digit_blake2b_of_the_raw_text():
    assert text_hash("<b>x</b>") == hashlib.blake2b(b"<b>x</b>", digest_size=8).hexdigest()
    assert len(text_hash("")) == 16 and text_hash("a") != text_hash("b")
    lone_surrogate = "\udcff"  # what a corpus file's undecodable byte becomes
    assert len(text_hash(lone_surrogate)) == 16


def test_every_template_node_shape():
    text = (
        '<div class="a &amp; {{Tags}}" hidden data-x=\'&lt;b&gt;\' title="{{#F}}">'
        "x &nbsp;y{{hint:Back}}<br>{{^Extra}}<i>e</i>{{/Extra}}</div>"
        "[anki:tts lang=en_US]{{Front}}[/anki:tts]<script>if(a<b){}</script>"
        "<!-- c --><!DOCTYPE html><b><i></b></i>"
    )
    (div, av, script, comment, declaration, raw) = CanvasService().tree({"c1.back": text})[
        "c1.back"
    ]["nodes"]
    assert div["t"] == "el" and div["tag"] == "div" and div["void"] is False
    assert div["attrs"] == [
        {"n": "class", "v": "a & {{Tags}}", "tags": True},
        {"n": "hidden", "v": None},
        {"n": "data-x", "v": "<b>"},
        {"n": "title", "v": "{{#F}}", "tags": True},
    ]
    text_node, field, br, section = div["c"]
    assert text_node == {"id": "0.0", "k": text_hash("x &nbsp;y"), "t": "text", "text": "x \xa0y"}
    assert field == {
        "id": "0.1",
        "k": text_hash("{{hint:Back}}"),
        "t": "field",
        "key": "Back",
        "filters": ["hint"],
        "special": False,
        "src": "{{hint:Back}}",
    }
    assert (br["t"], br["tag"], br["void"], br["c"]) == ("el", "br", True, [])
    assert section["t"] == "section" and section["key"] == "Extra" and section["inverted"]
    assert (section["open"], section["close"]) == ("{{^Extra}}", "{{/Extra}}")
    assert [c["tag"] for c in section["c"]] == ["i"]
    assert av["t"] == "av" and av["name"] == "tts"
    assert av["options"] == [{"key": "lang", "value": "en_US"}]
    assert av["src"] == "[anki:tts lang=en_US]{{Front}}[/anki:tts]"
    assert [c["src"] for c in av["c"]] == ["{{Front}}"]
    assert script["t"] == "rawtext" and script["tag"] == "script"
    assert script["content"] == "if(a<b){}" and script["attrs"] == []
    assert comment == {"id": "3", "k": text_hash("<!-- c -->"), "t": "comment", "raw": "<!-- c -->"}
    assert declaration["t"] == "declaration" and declaration["raw"] == "<!DOCTYPE html>"
    assert raw["t"] == "raw" and raw["raw"] == "<b><i></b></i>" and raw["reason"] == "misnested"
    assert "overlap" in raw["message"]
    assert "raw" not in div and "raw" not in text_node


def test_special_fields_self_closed_elements_and_legacy_delimiters():
    nodes = CanvasService().tree({"c0.front": "{{=<% %>=}}<%Tags%><div/>"})["c0.front"]["nodes"]
    delimiters, tags, div = nodes
    assert delimiters == {
        "id": "0",
        "k": text_hash("{{=<% %>=}}"),
        "t": "delimiters",
        "raw": "{{=<% %>=}}",
    }
    assert tags["t"] == "field" and tags["special"] and tags["src"] == "<%Tags%>"
    assert div["void"] is True  # `<div/>` has no end tag: nothing can go inside


def test_css_tree_shapes():
    css = (
        "/* top */\n@import url(x.css);\n.card { color: red; font-size: 2px !important }\n"
        "@media (max-width: 600px) {\n  .card { color: blue; }\n  /* in */\n}\n"
        "@font-face { font-family: F; src: url(f.woff) }\n}"
    )
    rules = CanvasService().tree({"css": css})["css"]["rules"]
    comment, imp, card, media, font, stray = rules
    assert comment == {"id": "0", "t": "comment", "k": text_hash("/* top */"), "raw": "/* top */"}
    assert (imp["t"], imp["name"], imp["prelude"]) == ("atRule", "import", "url(x.css)")
    assert "decls" not in imp
    assert card["selector"] == ".card" and card["c"] == []
    assert card["decls"] == [
        {"id": "4.1", "prop": "color", "value": "red", "important": False},
        {"id": "4.3", "prop": "font-size", "value": "2px", "important": True},
    ]
    assert (media["name"], media["prelude"], media["decls"]) == ("media", "(max-width: 600px)", [])
    assert [(c["t"], c["id"]) for c in media["c"]] == [("rule", "6.1"), ("comment", "6.3")]
    assert media["c"][0]["decls"][0]["value"] == "blue"
    assert font["name"] == "font-face" and [d["prop"] for d in font["decls"]] == [
        "font-family",
        "src",
    ]
    assert stray == {"id": "10", "t": "raw", "k": text_hash("}"), "raw": "}"}


def test_canvas_tree_through_the_bridge():
    registry = Registry()
    registry.register_factory(CanvasService, lambda _r: CanvasService())
    replies = []
    dispatcher = Dispatcher(canvas_methods(registry), replies.append)
    body = {"v": 1, "id": 3, "method": "canvas.tree", "params": {"docs": {"css": ".a{}"}}}
    reply = dispatcher.handle("atd:" + json.dumps(body))
    assert reply["ok"] and reply["result"]["docs"]["css"]["rules"][0]["selector"] == ".a"
    body["params"] = {"docs": {"css": 5}}
    reply = dispatcher.handle("atd:" + json.dumps(body))
    assert not reply["ok"] and reply["error"]["code"] == "invalid_params"
