"""The tree has the right shape for the cases real templates contain."""

import json

import pytest

from anki_template_designer.services.templates import (
    AnkiTagNode,
    AvDirectiveNode,
    CommentNode,
    ElementNode,
    RawNode,
    RawTextNode,
    SectionNode,
    TemplateMode,
    TextNode,
    check_tiling,
    parse_template,
    serialize,
)


def parse(text):
    document = parse_template(text)
    assert serialize(document) == text
    assert check_tiling(document) == []
    return document


def kinds(nodes):
    return [node.type for node in nodes]


def only(document):
    (node,) = document.children
    return node


def test_stock_basic_back():
    document = parse("{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}")
    assert kinds(document.children) == ["field", "text", "element", "text", "field"]
    front_side, _, hr, _, back = document.children
    assert front_side.tag.is_special and back.key == "Back"
    assert isinstance(hr, ElementNode) and hr.void and hr.end_tag is None
    assert [(a.name, a.value, a.quote) for a in hr.attributes] == [("id", "answer", "")]


def test_sections_nest_with_elements():
    section = only(parse("{{#Add Reverse}}<div class=r>{{Back}}</div>{{/Add Reverse}}"))
    assert isinstance(section, SectionNode)
    assert (section.key, section.inverted) == ("Add Reverse", False)
    (div,) = section.children
    assert isinstance(div, ElementNode) and kinds(div.children) == ["field"]
    inverted = only(parse("{{^Extra}}none{{/Extra}}"))
    assert isinstance(inverted, SectionNode) and inverted.inverted


def test_nested_and_inverted_sections():
    outer = only(parse("{{#A}}a{{^B}}b{{#C}}c{{/C}}{{/B}}{{/A}}"))
    assert isinstance(outer, SectionNode)
    inner = outer.children[1]
    assert isinstance(inner, SectionNode) and inner.inverted and inner.key == "B"
    assert isinstance(inner.children[1], SectionNode) and inner.children[1].key == "C"
    assert inner.children[1].id == "0.1.1"


def test_a_section_crossing_an_element_keeps_the_element_and_only_its_tags_raw():
    document = parse("<span>{{#F}}<b>x{{/F}}</b>y</span>")
    span = only(document)
    assert isinstance(span, ElementNode)
    opening, bold, text = span.children
    assert isinstance(opening, RawNode) and opening.reason == "crossing-section"
    assert opening.raw == "{{#F}}" and [t.key for t in opening.anki_tags] == ["F"]
    assert opening.detail == "{{#F}} at line 1, column 7 overlaps <b> at line 1, column 13"
    assert isinstance(bold, ElementNode) and bold.raw == "<b>x{{/F}}</b>"
    x, closing = bold.children
    assert isinstance(x, TextNode) and x.raw == "x"
    assert isinstance(closing, RawNode) and closing.raw == "{{/F}}"
    assert closing.detail == opening.detail
    assert isinstance(text, TextNode) and text.raw == "y"


def test_section_opening_in_one_element_and_closing_in_another():
    document = parse("<div>{{#A}}<b>x</b></div><div>{{/A}}</div>")
    first, second = document.children
    assert kinds(first.children) == ["raw", "element"]
    assert first.children[1].raw == "<b>x</b>"
    assert kinds(second.children) == ["raw"]
    assert {n.reason for n in (first.children[0], second.children[0])} == {"crossing-section"}
    assert (
        first.children[0].detail == "{{#A}} at line 1, column 6 overlaps <div> at line 1, column 26"
    )


@pytest.mark.parametrize(
    "template",
    [
        "{{#A}}<div>x{{/A}}</div>",  # opened at the top level, closed inside
        "<div>x{{#A}}</div>y{{/A}}",  # opened inside, closed at the top level
        "<ul><li>{{#A}}a</li><li>b{{/A}}</li></ul>",  # across siblings
        "<div><p>{{#A}}a</p></div><div><p>{{/A}}</p></div>",  # across cousins
        "{{#A}}<center>{{/A}}text{{#A}}</center>{{/A}}",  # an element opened and closed in sections
    ],
)
def test_any_crossing_section_leaves_every_element_a_node(template):
    document = parse(template)
    raw = [n for n in document.walk() if isinstance(n, RawNode)]
    assert raw and all(n.reason == "crossing-section" for n in raw)
    assert all(n.raw.startswith("{{") and n.raw.endswith("}}") for n in raw)
    assert serialize(document) == template


def test_sections_that_nest_inside_one_element_stay_sections():
    document = parse("<div>{{#A}}<b>x</b>{{/A}}</div>{{#B}}<i>{{#C}}y{{/C}}</i>{{/B}}")
    assert not [n for n in document.walk() if isinstance(n, RawNode)]


def test_misnested_elements_are_raw_and_neighbours_stay_editable():
    document = parse("<div>ok</div><b><i>x</b></i><span>{{F}}</span>")
    assert kinds(document.children) == ["element", "raw", "element"]
    assert document.children[1].raw == "<b><i>x</b></i>"
    assert isinstance(document.children[2].children[0], AnkiTagNode)


def test_unclosed_element_and_stray_end_tag():
    document = parse('<div class="card">{{Front}}</span>')
    assert kinds(document.children) == ["raw", "field", "raw"]
    assert [n.reason for n in document.children if isinstance(n, RawNode)] == [
        "unclosed-element",
        "stray-end-tag",
    ]


def test_optional_end_tags_close_implicitly_instead_of_pairing_far_away():
    document = parse("<ul><li>one<li>two</ul><p>para<div>block</div></p>")
    ul, p_start, _, div, stray = document.children
    assert isinstance(ul, ElementNode) and kinds(ul.children) == ["raw", "text", "raw", "text"]
    assert (p_start.raw, p_start.reason) == ("<p>", "unclosed-element")
    assert isinstance(div, ElementNode) and (stray.raw, stray.reason) == ("</p>", "stray-end-tag")


def test_unbalanced_sections_are_raw_tags_with_diagnostics():
    document = parse("line1\n  {{#Front}}\n    {{/Back}}")
    assert kinds(document.children) == ["text", "raw", "text", "raw"]
    assert document.children[1].reason == "unclosed-section"
    assert document.children[3].reason == "unopened-section"
    (diagnostic,) = document.diagnostics()
    assert (diagnostic["line"], diagnostic["column"]) == (3, 5)
    assert diagnostic["related"] == {"start": 8, "end": 18, "line": 2, "column": 3}
    assert diagnostic["message"] == "{{/Back}} closes {{#Front}}: expected '{{/Front}}'"


def test_script_content_is_one_opaque_node_with_its_live_tags():
    text = '<script>\nif (a < b && "</div>") { {{#F}}go("{{F}}");{{/F}} }\n</script>'
    script = only(parse(text))
    assert isinstance(script, RawTextNode) and script.tag_name == "script"
    assert script.content.slice(text) == '\nif (a < b && "</div>") { {{#F}}go("{{F}}");{{/F}} }\n'
    assert [t.type for t in script.content_anki_tags] == ["sectionOpen", "field", "sectionClose"]
    assert script.children == ()


def test_unclosed_script_keeps_its_content():
    script = only(parse("<script>var a = 1;\n{{Front}}"))
    assert isinstance(script, RawTextNode) and script.end_tag is None
    assert script.content.slice(script.source) == "var a = 1;\n{{Front}}"


def test_script_end_tag_rule_and_uppercase_style():
    document = parse("<script>a('</scripts>')</SCRIPT >x<STYLE>p{}</style>")
    script, text, style = document.children
    assert (
        isinstance(script, RawTextNode) and script.content.slice(script.source) == "a('</scripts>')"
    )
    assert text.raw == "x" and isinstance(style, RawTextNode) and style.tag_name == "style"


def test_a_quote_or_gt_inside_an_anki_tag_never_ends_an_attribute():
    element = only(parse('<div title="{{text:"}}" data-x={{a>b}}>x</div>'))
    assert isinstance(element, ElementNode)
    assert [(a.name, a.value) for a in element.attributes] == [
        ("title", '{{text:"}}'),
        ("data-x", "{{a>b}}"),
    ]


def test_tags_inside_attribute_values():
    text = '<div class="{{Tags}} card" onclick="go(\'{{text:F}}\')"><a href=https://x.org/{{text:F}}>l</a></div>'
    div = only(parse(text))
    assert isinstance(div, ElementNode)
    cls, onclick = div.attributes
    assert (cls.name, cls.value, [t.key for t in cls.anki_tags]) == (
        "class",
        "{{Tags}} card",
        ["Tags"],
    )
    assert cls.anki_tags[0].tag.is_special and cls.anki_tags[0].id == "0.a0.t0"
    assert (
        onclick.value == "go('{{text:F}}')" and onclick.anki_tags[0].tag.filters[0].text == "text"
    )
    (link,) = div.children
    assert link.attributes[0].value == "https://x.org/{{text:F}}"


def test_sections_between_attributes_stand_alone():
    element = only(parse('<input {{^F}}disabled{{/F}} data-{{F}}="x" {{Attrs}} value={{F}}>'))
    assert isinstance(element, ElementNode) and element.void
    assert [(a.name, a.value) for a in element.attributes] == [
        ("disabled", None),
        ("data-{{F}}", "x"),
        ("value", "{{F}}"),
    ]
    assert [t.raw for t in element.tag_anki_tags] == ["{{^F}}", "{{/F}}", "{{Attrs}}"]


def test_comments_with_fields_are_comments_and_their_tags_are_inert():
    comment = only(parse("<!-- uses {{Front}} and {{#Back}} -->"))
    assert isinstance(comment, CommentNode) and comment.anki_comment and comment.anki_tags == ()
    # Without "-->" Anki substitutes the tags: they are live nodes, not comment text.
    assert kinds(parse("<!-- {{Front}}").children) == ["text", "field"]


def test_entities_and_unquoted_attributes_survive():
    document = parse("<p title=a&amp;b>&nbsp;&#x1F600;&amp;amp;</p>")
    p = only(document)
    assert p.attributes[0].value == "a&amp;b"
    assert p.children[0].to_json()["text"] == "\xa0\U0001f600&amp;"


def test_void_self_closing_and_svg():
    document = parse('<svg><path d="M0 0"/><circle r=1 /></svg><br><img src="{{Image}}"/>')
    svg, br, img = document.children
    assert kinds(svg.children) == ["element", "element"]
    assert all(child.self_closing for child in svg.children)
    assert br.void and img.void and img.self_closing
    assert img.attributes[0].anki_tags[0].key == "Image"


def test_tts_directive_block():
    opening = "[anki:tts lang=en_US voices=Apple_Samantha speed=0.9]"
    text = opening + "<b>{{Word}}</b>[/anki:tts] [/anki:tts]"
    document = parse(text)
    directive, rest = document.children
    assert isinstance(directive, AvDirectiveNode) and directive.name == "tts"
    assert directive.options == (("lang", "en_US"), ("voices", "Apple_Samantha"), ("speed", "0.9"))
    assert kinds(directive.children) == ["element"]
    assert isinstance(rest, TextNode) and rest.raw == " [/anki:tts]"


def test_legacy_delimiters_document():
    document = parse("{{=<% %>=}}<%#F%><b><%F%></b><%/F%>{{G}}")
    assert document.mode is TemplateMode.LEGACY_ALT
    assert kinds(document.children) == ["delimiters", "section", "text"]
    assert document.children[2].raw == "{{G}}"


def test_filters_and_field_names_with_spaces_and_non_ascii():
    document = parse(
        "{{hint:Back Extra}}{{furigana:日本語}}{{tts en_US voices=Apple_Samantha speed=1.2:Front}}"
    )
    assert [(n.key, [f.text for f in n.tag.filters]) for n in document.children] == [
        ("Back Extra", ["hint"]),
        ("日本語", ["furigana"]),
        ("Front", ["tts en_US voices=Apple_Samantha speed=1.2"]),
    ]


def test_tags_in_tag_names_never_make_elements():
    # "<" + "{" starts no tag; "</" + "{" is a bogus comment to HTML; the field stays live.
    document = parse("<{{Tag}}>x</{{Tag}}>")
    assert kinds(document.children) == ["text", "field", "text", "comment"]
    assert document.children[3].anki_tags[0].key == "Tag"
    document = parse("<div{{Suffix}} class=a>x</div>")
    assert kinds(document.children) == ["raw", "text", "raw"]
    assert document.children[0].reason == "dynamic-tag-name"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "<",
        "{{",
        "}}",
        "<!--",
        "</>",
        "<a",
        "&",
        "\x00",
        "\ufeff",
        "\r\n",
        "<!>",
        "<![if x]>",
        "<?x",
    ],
)
def test_tiny_inputs(text):
    parse(text)


def test_deep_nesting_becomes_raw_instead_of_recursing_forever():
    text = "<div>" * 400 + "x" + "</div>" * 400
    document = parse(text)
    deepest = max(node.id.count(".") for node in document.walk())
    assert deepest <= 201
    assert any(isinstance(n, RawNode) and n.reason == "too-deep" for n in document.walk())
    json.dumps(document.to_json())


def test_ids_are_unique_paths_and_addressable():
    document = parse('<div class="{{Tags}}">{{#F}}<b>{{F}}</b>{{/F}}</div>')
    ids = [node.id for node in document.walk()]
    assert ids == ["0", "0.a0", "0.a0.t0", "0.0", "0.0.open", "0.0.0", "0.0.0.0", "0.0.close"]
    assert document.node("0.0.0.0").raw == "{{F}}"
    assert document.span_of("0#children").slice(document.source) == "{{#F}}<b>{{F}}</b>{{/F}}"
    assert document.span_of("0.0#key").slice(document.source) == "F"
    with pytest.raises(LookupError):
        document.node("9")
    with pytest.raises(LookupError):
        document.span_of("0#nope")


def test_json_of_a_small_element():
    document = parse('<b class="{{Tags}}">{{hint:F}}</b>')
    data = document.to_json()
    json.dumps(data)
    (b,) = data["children"]
    assert b["type"] == "element" and b["tag"] == "b" and b["raw"] == document.source
    assert b["attrs"][0]["ankiTags"][0]["key"] == "Tags"
    assert b["children"][0] == {
        "type": "field",
        "id": "0.0",
        "start": 20,
        "end": 30,
        "line": 1,
        "column": 21,
        "raw": "{{hint:F}}",
        "kind": "replacement",
        "key": "F",
        "filters": ["hint"],
        "special": False,
        "clozeLike": False,
    }
