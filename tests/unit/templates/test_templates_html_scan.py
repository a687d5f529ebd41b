"""The HTML scanner tiles any input and keeps html.parser's quirks from losing text."""

from itertools import pairwise

import pytest

from anki_template_designer.services.templates.html_scan import HtmlTokenKind, scan_html


def kinds_and_text(text):
    tokens = scan_html(text)
    assert "".join(text[t.start : t.end] for t in tokens) == text
    assert all(a.end == b.start for a, b in pairwise(tokens))
    return [(t.kind.value, text[t.start : t.end]) for t in tokens]


def test_basic_tokens_with_exact_offsets_across_lines():
    assert kinds_and_text('a\n<b\nclass="x">\r\nc</b >&amp;<!-- d --><!DOCTYPE html>') == [
        ("text", "a\n"),
        ("start-tag", '<b\nclass="x">'),
        ("text", "\r\nc"),
        ("end-tag", "</b >"),
        ("text", "&amp;"),
        ("comment", "<!-- d -->"),
        ("declaration", "<!DOCTYPE html>"),
    ]


def test_silently_dropped_input_is_kept_as_text():
    # html.parser drops "</>" and a lone "&" at the very end without a callback.
    assert kinds_and_text("a</>b &") == [("text", "a</>b &")]
    assert kinds_and_text("<i></>") == [("start-tag", "<i>"), ("text", "</>")]


def test_raw_text_elements_are_found_by_the_html5_end_tag_rule():
    text = "<script>if (a</b) { x = '</scripty>'; }</script >after"
    tokens = scan_html(text)
    assert [t.kind for t in tokens] == [HtmlTokenKind.RAW_TEXT, HtmlTokenKind.TEXT]
    script = tokens[0]
    assert text[script.content_start : script.content_end] == "if (a</b) { x = '</scripty>'; }"
    assert text[script.content_end : script.end] == "</script >" and script.has_end_tag


@pytest.mark.parametrize("tag", ["script", "style", "textarea", "title"])
def test_unclosed_raw_text_runs_to_the_end(tag):
    text = f"<{tag} a=1>content <b>not a tag</b>"
    (token,) = scan_html(text)
    assert token.kind is HtmlTokenKind.RAW_TEXT and not token.has_end_tag
    assert token.content_end == token.end == len(text)


def test_self_closing_script_is_still_a_raw_text_start_tag():
    (token,) = scan_html("<script/>x</script>")
    assert token.kind is HtmlTokenKind.RAW_TEXT and token.tag == "script"


@pytest.mark.parametrize(
    "text",
    [
        "<![if !IE]>x<![endif]>",
        "<!ELEMENT br EMPTY>",
        "<![CDATA[ a < b ]]>",
        "<!DOCTYPE html [ <!ENTITY x 'y'> ]>",
        "<!x",
        "<?xml version='1.0'?>",
        "< a > <a <b> </ a>",
        '<a href="x>y">z</a>',
        "<div title='unterminated>text",
        "&#x1F600;&#128512;&#;&#xZZ;&notanentity",
    ],
)
def test_odd_markup_never_loses_text(text):
    kinds_and_text(text)
