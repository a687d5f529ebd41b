"""Two fixes in `templates/edit.py` found while building the canvas, and the document
start/end targets an empty document needs."""

from anki_template_designer.services.templates import (
    Edit,
    apply_edits,
    parse_css,
    parse_template,
    set_attribute,
    set_declaration,
)
from anki_template_designer.services.templates.edit import DOCUMENT_END, DOCUMENT_START


def attributes_after(text, name, value):
    document = parse_template(text)
    edited = apply_edits(document, [set_attribute(document, "0", name, value)])
    element = edited.children[0]
    return edited.source, {a.name: a.value for a in element.attributes}


def test_an_attribute_added_after_an_empty_unquoted_value_stays_an_attribute():
    # A browser skips white space after "=", so `class= id="x"` would make `id="x"` the
    # value of class; the empty value gets its quotes instead.
    source, attributes = attributes_after("<div class=>x</div>", "id", "x")
    assert source == '<div class="" id="x">x</div>'
    assert attributes == {"class": "", "id": "x"}
    source, attributes = attributes_after("<img alt= >", "src", "a.png")
    assert source == '<img alt= "" src="a.png">'
    assert attributes == {"alt": "", "src": "a.png"}


def test_setting_the_empty_valued_attribute_itself_and_quoted_empty_values():
    assert attributes_after("<div class=>x</div>", "class", "big")[0] == '<div class="big">x</div>'
    assert attributes_after('<img alt="">', "id", "x")[0] == '<img alt="" id="x">'
    assert attributes_after('<img alt=""/>', "id", "x")[0] == '<img alt="" id="x"/>'


def declarations_after(css, prop, value):
    document = parse_css(css)
    rule = document.rules()[0]
    edited = apply_edits(document, [set_declaration(document, rule.id, prop, value)])
    new_rule = edited.rules()[0]
    return edited.source, [(d.property_name, d.value) for d in new_rule.declarations()]


def test_a_declaration_appended_after_an_unterminated_one_is_its_own_declaration():
    source, found = declarations_after(".a { color: red }", "font-size", "2px")
    assert source == ".a { color: red; font-size: 2px; }"
    assert found == [("color", "red"), ("font-size", "2px")]
    source, found = declarations_after(".a {\n  color: red !important\n}", "margin", "0")
    assert source == ".a {\n  color: red !important;\n  margin: 0;\n}"
    assert found == [("color", "red"), ("margin", "0")]


def test_a_declaration_appended_after_junk_a_comment_or_a_nested_block_that_never_ends():
    # Before: `.a { color font-size: 2px; }`, one declaration named "color font-size".
    assert declarations_after(".a { color }", "font-size", "2px") == (
        ".a { color; font-size: 2px; }",
        [("font-size", "2px")],
    )
    # Before: the new declaration landed inside the unterminated comment.
    assert declarations_after(".a { color: red; /* c", "margin", "0") == (
        ".a { color: red; /* c*/ margin: 0;",
        [("color", "red"), ("margin", "0")],
    )
    source, found = declarations_after(".a { .b { x: y", "margin", "0")
    assert source == ".a { .b { x: y;} margin: 0;"
    assert found == [("margin", "0")]


def test_document_start_and_end_targets():
    empty = parse_template("")
    assert apply_edits(empty, [Edit(DOCUMENT_START, "<b>x</b>")]).source == "<b>x</b>"
    document = parse_template("<i>a</i>")
    edited = apply_edits(document, [Edit(DOCUMENT_END, "!"), Edit(DOCUMENT_START, "?")])
    assert edited.source == "?<i>a</i>!"
    assert apply_edits(parse_css(""), [Edit(DOCUMENT_END, ".a{}")]).source == ".a{}"
