"""Every corpus file round-trips byte for byte, and every node of it can be edited alone."""

import pytest

from anki_template_designer.services.templates import (
    Edit,
    apply_edits_to_text,
    check_css_tiling,
    check_tiling,
    parse_css,
    parse_template,
    serialize,
    serialize_css,
)
from corpus import CORPUS, corpus_files

FILES = corpus_files()


def read(path):
    return path.read_bytes().decode("utf-8", "surrogateescape")


def test_the_corpus_is_varied_enough():
    assert len(FILES) >= 15
    assert any(p.suffix == ".css" for p in FILES)
    assert b"\r\n" in (CORPUS / "crlf_bom.html").read_bytes()
    assert (CORPUS / "crlf_bom.html").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\x00" in (CORPUS / "junk.html").read_bytes()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_file_round_trips_and_every_node_edits_alone(path):
    text = read(path)
    if path.suffix == ".css":
        document = parse_css(text)
        assert serialize_css(document) == text and check_css_tiling(document) == []
    else:
        document = parse_template(text)
        assert serialize(document) == text and check_tiling(document) == []
    assert serialize(parse_template(text)) == text  # every file is also valid template input
    for node in document.walk():
        for part in node.parts():
            target = f"{node.id}#{part}" if part else node.id
            span = document.span_of(target)
            assert apply_edits_to_text(document, [Edit(target, span.slice(text))]) == text
            marked = apply_edits_to_text(document, [Edit(target, "\u2603")])
            assert marked == text[: span.start] + "\u2603" + text[span.end :]


def structure(name):
    return parse_template(read(CORPUS / name))


def test_cloze_one_by_one_keeps_hidden_content_hidden():
    document = structure("cloze_one_by_one.html")
    hidden = [
        n for n in document.walk() if n.type == "element" and n.attribute("style") is not None
    ]
    assert [n.attribute("style").value for n in hidden] == ["display:none", "display: none"]
    button = next(n for n in document.walk() if n.type == "element" and n.tag_name == "button")
    assert button.attribute("onclick").value == "revealNext(); return false;"
    (script,) = [n for n in document.walk() if n.type == "rawtext"]
    assert [t.raw for t in script.content_anki_tags] == ["{{#Back Extra}}", "{{/Back Extra}}"]


def test_comments_corpus():
    document = structure("comments.html")
    comments = [n for n in document.children if n.type == "comment"]
    assert all(c.anki_comment for c in comments)
    assert "{{Front}}" in comments[0].raw and comments[0].anki_tags == ()
    assert document.children[-2].type == "field"  # after the unterminated "<!--"


def test_crossing_sections_corpus():
    document = structure("crossing_sections.html")
    raw = [n for n in document.walk() if n.type == "raw"]
    assert [n.reason for n in raw] == ["unclosed-element"] + ["crossing-section"] * 6
    # Only the sections' tags are kept as written: the card's text and elements around
    # and between them are nodes of their own (editable in the canvas).
    assert [n.raw for n in raw[1:]] == [
        "{{#Picture}}",
        "{{/Picture}}",
        "{{^Picture}}",
        "{{/Picture}}",
        "{{#Bold}}",
        "{{/Bold}}",
    ]
    elements = [n for n in document.walk() if n.type == "element"]
    assert any(n.raw.startswith('<img src="{{Picture}}"') for n in elements)
    assert any(n.raw == '<div class="text">{{Front}}</div>' for n in elements)
    assert any(n.raw == "<b>{{#Bold}}bold</b>" for n in elements)
    table = next(n for n in document.children if n.raw.startswith("<table>"))
    assert [n.type for n in table.children if n.type != "text"] == ["element", "section"]


def test_filters_corpus():
    fields = {n.raw: n for n in structure("filters.html").walk() if n.type == "field"}
    tts = fields["{{tts en_US voices=Apple_Samantha,Microsoft_Zira speed=1.2:Front}}"].tag
    assert (tts.key, tts.filters[0].name, tts.filters[0].options) == (
        "Front",
        "tts",
        "en_US voices=Apple_Samantha,Microsoft_Zira speed=1.2",
    )
    assert fields["{{type:cloze:Text}}"].tag.applied_filters == ("cloze", "type")
    assert fields["{{c1::this is cloze syntax in a template}}"].tag.looks_like_cloze
    assert not fields["{{myaddonfilter:text:Front}}"].tag.filters[0].is_builtin


def test_style_and_textarea_are_raw_text():
    document = structure("style_block.html")
    assert [n.tag_name for n in document.children if n.type == "rawtext"] == [
        "style",
        "style",
        "textarea",
        "title",
    ]
