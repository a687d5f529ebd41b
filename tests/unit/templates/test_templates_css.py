"""The shared CSS document: spans for every rule, byte-identical round trips, local edits."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from anki_template_designer.services.templates import (
    Edit,
    apply_edits,
    apply_edits_to_text,
    check_css_tiling,
    parse_css,
    remove_declaration,
    serialize_css,
    set_declaration,
)
from edit_targets import draw_target

CSS = """@import url("_fonts.css");
.card {
    font-family: arial;
    font-size: 20px;
    color: black;
}
/* night */
.nightMode .card { color: white !important }
@media (max-width: 600px) {
  .card { font-size: 16px; }
}
.icon { background: url(data:image/png;base64,iVBOR;w0KG==) }
.q::after { content: "}"; }
"""


def parse(text):
    document = parse_css(text)
    assert serialize_css(document) == text
    assert check_css_tiling(document) == []
    return document


def solid(nodes):
    return [n for n in nodes if n.type not in ("whitespace", "comment")]


def test_structure_of_a_typical_note_type_css():
    document = parse(CSS)
    assert [(n.type, n.name or n.selector) for n in solid(document.children)] == [
        ("atRule", "import"),
        ("rule", ".card"),
        ("rule", ".nightMode .card"),
        ("atRule", "media"),
        ("rule", ".icon"),
        ("rule", ".q::after"),
    ]
    card = document.rules(".card")[0]
    assert [(d.property_name, d.value) for d in card.declarations()] == [
        ("font-family", "arial"),
        ("font-size", "20px"),
        ("color", "black"),
    ]
    night = document.rules(".nightMode  .card")[0]
    (color,) = night.declarations()
    assert (color.value, color.important, color.terminated) == ("white", True, False)
    media = solid(document.children)[3]
    assert media.selector == "(max-width: 600px)" and solid(media.children)[0].selector == ".card"
    assert [r.id for r in document.rules(".card")] == ["2", "8.1"]
    (icon,) = document.rules(".icon")[0].declarations()
    assert icon.value == "url(data:image/png;base64,iVBOR;w0KG==)"
    (content,) = document.rules(".q::after")[0].declarations()
    assert content.value == '"}"'
    json.dumps(document.to_json())


def test_setting_one_declaration_changes_only_its_value():
    document = parse(CSS)
    card = document.rules(".card")[0]
    edited = apply_edits(document, [set_declaration(document, card.id, "font-size", "24px")])
    assert edited.source == CSS.replace("font-size: 20px", "font-size: 24px")


def test_adding_a_declaration_uses_the_rules_indentation():
    document = parse(CSS)
    card = document.rules(".card")[0]
    edited = apply_edits(document, [set_declaration(document, card.id, "line-height", "1.5")])
    assert edited.source == CSS.replace(
        "color: black;\n}", "color: black;\n    line-height: 1.5;\n}", 1
    )
    night = document.rules(".nightMode .card")[0]
    edited = apply_edits(document, [set_declaration(document, night.id, "margin", "0")])
    assert ".nightMode .card { color: white !important; margin: 0; }" in edited.source
    empty = parse(".a {}")
    assert (
        apply_edits(empty, [set_declaration(empty, "0", "color", "red")]).source
        == ".a { color: red;}"
    )


def test_removing_a_declaration():
    document = parse(CSS)
    card = document.rules(".card")[0]
    edited = apply_edits(document, remove_declaration(document, card.id, "COLOR"))
    assert edited.source == CSS.replace("\n    color: black;", "", 1)


def test_editing_a_selector_inside_media():
    document = parse(CSS)
    rule = document.rules(".card")[1]
    edited = apply_edits(document, [Edit(f"{rule.id}#selector", ".card, .front")])
    assert "  .card, .front { font-size: 16px; }" in edited.source
    assert edited.source.count(".card") == CSS.count(".card") + 0


def test_odd_input_never_breaks():
    for text in [
        "",
        "}",
        "{",
        "/*",
        "a{",
        "@",
        "@media{",
        '"',
        "url(",
        "a{b:c;d}",
        "\x00;;",
        "a{--x:{}}",
    ]:
        parse(text)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=120),
        st.lists(
            st.sampled_from(
                ["a", ".b", "{", "}", ";", ":", " ", "\n", "/*", "*/", '"', "'", "(", ")", "[", "]",
                 "@media", "@font-face", "url(", "\\", "!important", "--x", "&", ","]
            ),
            max_size=40,
        ).map("".join),
    ),
    st.data(),
)  # fmt: skip
def test_any_css_round_trips_and_edits_stay_local(text, data):
    document = parse(text)
    target = draw_target(document, data)
    if target is None:
        return
    span = document.span_of(target)
    assert apply_edits_to_text(document, [Edit(target, span.slice(text))]) == text
    assert (
        apply_edits_to_text(document, [Edit(target, "X")])
        == text[: span.start] + "X" + text[span.end :]
    )
