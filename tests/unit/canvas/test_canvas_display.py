"""`canvas.display`: field tags rendered by Anki for a real note, as inert nodes."""

import copy
import json

import pytest

from anki_template_designer.features.canvas.methods import canvas_methods
from anki_template_designer.gui.bridge import Dispatcher
from anki_template_designer.services.canvas import CanvasService
from anki_template_designer.services.canvas.display import DisplayRequest, FieldDisplay
from anki_template_designer.services.canvas.inert import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from anki_template_designer.services.preview import PreviewRenderer
from anki_template_designer.services.registry import Registry
from collection_helpers import add_note

SAFE_ATTRIBUTES = ALLOWED_ATTRIBUTES | {"style", "src"}
SPECIALS = ("Tags", "Deck", "Subdeck", "Card", "CardFlag", "Type", "CardID")


def display(col, name, *, side="question", **kwargs):
    draft = copy.deepcopy(col.models.by_name(name))
    fields = FieldDisplay(lambda: col, PreviewRenderer(lambda: col))
    request = DisplayRequest(side=side, **kwargs)
    return fields.display(draft, request)


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.get("c", []))


def text(nodes):
    return "".join(n["text"] for n in walk(nodes) if n["t"] == "text")


def tags(nodes):
    return [n["tag"] for n in walk(nodes) if n["t"] == "el"]


def assert_inert(nodes):
    for node in walk(nodes):
        assert node["t"] in ("text", "el")
        if node["t"] == "el":
            assert node["tag"] in ALLOWED_TAGS
            assert set(node["attrs"]) <= SAFE_ATTRIBUTES
            assert "src" not in node["attrs"] or node["tag"] == "img"
            for value in node["attrs"].values():
                lowered = value.lower()
                assert "javascript:" not in lowered and "http" not in lowered
                assert "url(" not in lowered and "//" not in lowered


@pytest.fixture
def basic(col):
    note = add_note(
        col,
        "Basic (and reversed card)",
        "What is <b>H2O</b> [sound:water sound.mp3]",
        'water 水[みず] <img src="a b.jpg">',
        tags="chem science",
    )
    return note


def test_plain_and_filtered_fields_render_as_in_review(col, basic):
    found = display(
        col,
        "Basic (and reversed card)",
        tags=(
            "{{Front}}",
            "{{text:Front}}",
            "{{hint:Back}}",
            "{{furigana:Back}}",
            "{{kana:Back}}",
            "{{kanji:Back}}",
            "{{tts en_US:Front}}",
            "{{myaddonfilter:Front}}",
        ),
    )
    assert found["noteId"] == basic.id and found["isSample"] is False
    fragments = found["fragments"]
    for nodes in fragments.values():
        assert_inert(nodes)
    front = fragments["{{Front}}"]
    assert front[:2] == [
        {"t": "text", "text": "What is "},
        {"t": "el", "tag": "b", "attrs": {}, "c": [{"t": "text", "text": "H2O"}]},
    ]
    sound = {"t": "el", "tag": "span", "attrs": {"class": "atd-sound"},
             "c": [{"t": "text", "text": "🔊 water sound.mp3"}]}  # fmt: skip
    assert sound in front
    assert text(fragments["{{text:Front}}"]).startswith("What is H2O ")
    assert "b" not in tags(fragments["{{text:Front}}"])
    hint = fragments["{{hint:Back}}"]
    assert "Back" in text(hint) and "water" in text(hint)  # the link text and the hidden part
    (hidden,) = [n for n in walk(hint) if n["t"] == "el" and n["attrs"].get("class") == "hint"]
    assert hidden["attrs"]["style"] == "display: none"
    ruby = fragments["{{furigana:Back}}"]
    assert tags(ruby)[:3] == ["ruby", "rb", "rt"] and "みず" in text(ruby)
    (image,) = [n for n in walk(ruby) if n["t"] == "el" and n["tag"] == "img"]
    assert image["attrs"] == {"src": "a%20b.jpg"}  # escaped like the reviewer does
    assert text(fragments["{{kana:Back}}"]).startswith("waterみず")
    assert text(fragments["{{kanji:Back}}"]).startswith("water水")
    (tts,) = fragments["{{tts en_US:Front}}"]
    assert tts["attrs"] == {"class": "atd-sound"} and text([tts]).startswith("🔊 What is H2O")
    assert fragments["{{myaddonfilter:Front}}"] == front  # unknown filters pass the text


def test_type_in_is_a_chip_on_the_question_and_a_comparison_on_the_answer(col):
    add_note(col, "Basic (type in the answer)", "7 × 8", "56")
    name = "Basic (type in the answer)"
    question = display(col, name, tags=("{{type:Back}}", "{{type:nc:Back}}"))["fragments"]
    chip = [{"t": "el", "tag": "span", "attrs": {"class": "atd-typein"},
             "c": [{"t": "text", "text": "type answer here"}]}]  # fmt: skip
    assert question["{{type:Back}}"] == chip and question["{{type:nc:Back}}"] == chip
    answer = display(col, name, side="answer", tags=("{{type:Back}}", "{{FrontSide}}"))
    comparison = answer["fragments"]["{{type:Back}}"]
    assert tags(comparison)[0] == "code" and "56" in text(comparison)
    assert {"typeGood", "typeBad", "typeMissed"} & {
        n["attrs"].get("class") for n in walk(comparison) if n["t"] == "el"
    }
    assert text(answer["fragments"]["{{FrontSide}}"]).startswith("7 × 8")


def test_every_special_field(col, basic):
    found = display(
        col,
        "Basic (and reversed card)",
        card_ord=1,
        side="answer",
        tags=(*("{{" + name + "}}" for name in SPECIALS), "{{FrontSide}}"),
    )
    fragments = {key: text(nodes) for key, nodes in found["fragments"].items()}
    assert fragments["{{Tags}}"] == "chem science"
    assert fragments["{{Deck}}"] == "Default" and fragments["{{Subdeck}}"] == "Default"
    assert fragments["{{Card}}"] == "Card 2"
    assert fragments["{{CardFlag}}"] == "flag0"
    assert fragments["{{Type}}"] == "Basic (and reversed card)"
    assert fragments["{{CardID}}"].isdigit()
    # FrontSide on the answer is the rendered question of card 2: the Back field.
    assert fragments["{{FrontSide}}"].startswith("water 水[みず]")


def test_cloze_uses_the_cloze_number_and_conditions_follow_it(col):
    add_note(col, "Cloze", "{{c1::Canberra}} is the capital of {{c2::Australia::country}}.", "x")
    request = {
        "tags": ("{{cloze:Text}}", "{{cloze-only:Text}}", "{{Back Extra}}"),
        "conditions": ("c1", "c2", "Back Extra", "Text"),
    }
    first = display(col, "Cloze", cloze_number=1, **request)
    cloze = first["fragments"]["{{cloze:Text}}"]
    (active,) = [n for n in walk(cloze) if n["t"] == "el" and n["attrs"].get("class") == "cloze"]
    assert active["attrs"]["data-cloze"] == "Canberra" and text([active]) == "[...]"
    assert "Australia" in text(cloze)
    assert first["conditions"] == {"c1": True, "c2": False, "Back Extra": True, "Text": True}
    second = display(col, "Cloze", cloze_number=2, side="answer", **request)
    assert "[country]" not in text(second["fragments"]["{{cloze:Text}}"])
    assert "Australia" in text(second["fragments"]["{{cloze:Text}}"])
    assert text(second["fragments"]["{{cloze-only:Text}}"]) == "Australia"
    assert second["conditions"]["c1"] is False and second["conditions"]["c2"] is True
    missing = display(col, "Cloze", cloze_number=7, **request)
    assert missing["fragments"]["{{cloze:Text}}"] == []  # no error text leaks in


def test_attribute_values_and_legacy_delimiters(col, basic):
    found = display(
        col,
        "Basic (and reversed card)",
        tags=("<%Front%>",),
        values=("card {{Tags}}", "{{#Back}}has-back{{/Back}}", "x &amp; {{Tags}}"),
    )
    assert found["values"] == {
        "card {{Tags}}": "card chem science",
        "{{#Back}}has-back{{/Back}}": "has-back",
        "x &amp; {{Tags}}": "x & chem science",
    }
    assert text(found["fragments"]["<%Front%>"]).startswith("What is H2O")


def test_one_bad_tag_does_not_blank_the_others(col, basic):
    found = display(
        col,
        "Basic (and reversed card)",
        tags=("{{Front}}", "{{Nope}}", "{{#Front}}", "plain text"),
        conditions=("Nope", "Front", "a}}b"),
    )
    assert set(found["fragments"]) == {"{{Front}}", "{{Nope}}"}
    assert found["fragments"]["{{Nope}}"] == []
    assert text(found["fragments"]["{{Front}}"]).startswith("What is H2O")
    assert found["conditions"] == {"Nope": False, "Front": True}


class CountingDisplay(FieldDisplay):
    renders = 0

    def _render(self, *args):
        self.renders += 1
        return super()._render(*args)


def test_fields_render_in_one_card_and_a_bad_one_is_isolated_by_halving(col, basic):
    fields = CountingDisplay(lambda: col, PreviewRenderer(lambda: col))
    draft = copy.deepcopy(col.models.by_name("Basic (and reversed card)"))
    good = tuple("{{" + "text:" * n + "Front}}" for n in range(1, 64))
    found = fields.display(draft, DisplayRequest(tags=good))
    assert fields.renders == 1 and len(found["fragments"]) == 63
    fields.renders = 0
    found = fields.display(draft, DisplayRequest(tags=(*good, "{{Nope}}")))
    assert fields.renders <= 2 * 7 + 1  # log2(64) levels, two halves each
    assert found["fragments"]["{{Nope}}"] == []
    assert all(text(found["fragments"][tag]).startswith("What is H2O") for tag in good)


def test_a_note_type_without_notes_shows_a_sample(col):
    found = display(col, "Basic", tags=("{{Front}}",), conditions=("Back",))
    assert found["isSample"] is True and found["noteId"] is None
    assert text(found["fragments"]["{{Front}}"]) == "(Front)"


def test_a_hostile_note_renders_inert(col):
    hostile = (
        "<script>top.pwned=1</script><img src=x onerror=top.pwned=2>"
        '<a href="javascript:top.pwned=3" onclick="x()">link text</a>'
        '<iframe src="http://evil/f"></iframe><div style="background:url(http://evil/bg);'
        'color: red">styled</div><img src="http://evil/x.png"><svg onload=top.pwned=4>'
        '<circle/></svg><meta http-equiv=refresh content="0;url=http://evil">'
        '<object data="http://evil/o"></object><embed src="http://evil/e">'
        '<link rel=stylesheet href="http://evil/c.css"><base href="http://evil/">'
        '<form action="http://evil"><button>go</button></form>'
        '<noscript><p title="</noscript><img src=x onerror=top.pwned=5>"></noscript>'
    )
    add_note(col, "Basic", hostile, "b")
    fragment = display(col, "Basic", tags=("{{Front}}",))["fragments"]["{{Front}}"]
    assert_inert(fragment)
    found_tags = tags(fragment)
    assert found_tags == ["img", "div", "img"]
    assert "link text" in text(fragment) and "styled" in text(fragment)
    assert "pwned" not in json.dumps(fragment)
    (div,) = [n for n in walk(fragment) if n["t"] == "el" and n["tag"] == "div"]
    assert div["attrs"] == {"style": "color: red"}
    first, _, last = [n for n in walk(fragment) if n["t"] == "el"]
    assert first["attrs"] == {"src": "x"} and last["attrs"] == {}


def test_an_unknown_card_type_is_not_found(col, basic):
    with pytest.raises(LookupError, match="card type 5"):
        display(col, "Basic (and reversed card)", card_ord=4, tags=("{{Front}}",))


def test_canvas_display_through_the_bridge(col, basic):
    registry = Registry()
    registry.register_factory(
        CanvasService,
        lambda _r: CanvasService(FieldDisplay(lambda: col, PreviewRenderer(lambda: col))),
    )
    dispatcher = Dispatcher(canvas_methods(registry), lambda _e: None)
    draft = col.models.by_name("Basic (and reversed card)")
    params = {
        "draft": draft,
        "cardOrd": 0,
        "side": "question",
        "noteId": basic.id,
        "clozeNumber": None,
        "tags": ["{{Tags}}"],
        "values": [],
        "conditions": ["Back"],
    }
    body = {"v": 1, "id": 1, "method": "canvas.display", "params": params}
    reply = dispatcher.handle("atd:" + json.dumps(body))
    assert reply["ok"], reply
    assert reply["result"]["fragments"] == {"{{Tags}}": [{"t": "text", "text": "chem science"}]}
    assert reply["result"]["conditions"] == {"Back": True}
    body["params"] = {**params, "side": "sideways"}
    assert dispatcher.handle("atd:" + json.dumps(body))["error"]["code"] == "invalid_params"
