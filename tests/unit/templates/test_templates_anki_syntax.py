"""The Anki lexer agrees with rslib/src/template.rs on every quirk it has."""

import pytest

from anki_template_designer.services.templates import (
    TagKind,
    TemplateMode,
    find_syntax_error,
    lex_template,
    unknown_field_references,
)
from anki_template_designer.services.templates.anki_syntax import (
    AnkiComment,
    AnkiTag,
    AnkiText,
    DelimiterChange,
    SyntaxErrorCode,
    is_cloze_conditional,
)


def shapes(text):
    """(kind, source) for every token; tags as (kind, key, filters)."""
    out = []
    for token in lex_template(text).tokens:
        raw = text[token.start : token.end]
        if isinstance(token, AnkiTag):
            out.append((token.kind.value, token.key, [f.text for f in token.filters]))
        elif isinstance(token, AnkiComment):
            out.append(("comment", raw))
        elif isinstance(token, DelimiterChange):
            out.append(("delimiters", raw))
        else:
            assert isinstance(token, AnkiText)
            out.append(("text", raw))
    return out


def test_tokens_tile_the_text_exactly():
    text = "foo {{bar}} {{#baz}} quux {{/baz}} <!-- {{x}} --> {{ no close"
    tokens = lex_template(text).tokens
    assert "".join(text[t.start : t.end] for t in tokens) == text
    assert [t.start for t in tokens[1:]] == [t.end for t in tokens[:-1]]


def test_basic_parse_like_ankis_own_test():
    assert shapes("foo {{bar}} {{#baz}} quux {{/baz}}") == [
        ("text", "foo "),
        ("replacement", "bar", []),
        ("text", " "),
        ("open", "baz", []),
        ("text", " quux "),
        ("close", "baz", []),
    ]


def test_comments_hide_tags_and_only_complete_comments_count():
    # Anki's own test string (template.rs `parsing`).
    text = (
        "foo <!--{{bar }} --> {{#baz}} --> <!-- <!-- {{#def}} --> \u0123-->\u0456"
        "<!-- 2 --><!----> <!-- quux {{/baz}} <!-- {{nc:abc}}"
    )
    assert shapes(text) == [
        ("text", "foo "),
        ("comment", "<!--{{bar }} -->"),
        ("text", " "),
        ("open", "baz", []),
        ("text", " --> "),
        ("comment", "<!-- <!-- {{#def}} -->"),
        ("text", " \u0123-->\u0456"),
        ("comment", "<!-- 2 -->"),
        ("comment", "<!---->"),
        ("text", " <!-- quux "),
        ("close", "baz", []),
        ("text", " <!-- "),
        ("replacement", "abc", ["nc"]),
    ]


def test_a_tag_wins_over_a_comment_that_starts_inside_it():
    assert shapes("{{a<!--}}-->") == [("replacement", "a<!--", []), ("text", "-->")]


def test_unclosed_braces_are_text():
    assert shapes("a {{ b } c") == [("text", "a {{ b } c")]
    assert shapes("{{a}} {{b") == [("replacement", "a", []), ("text", " {{b")]


def test_leading_braces_and_white_space_are_ignored_and_the_first_closer_ends_a_tag():
    assert shapes("{{{Front}}}") == [("replacement", "Front", []), ("text", "}")]
    assert shapes("{{ # Back }}") == [("open", "Back", [])]
    # Only Unicode White_Space is trimmed (U+3000 is, U+001C is not, unlike str.strip).
    assert shapes("{{\u3000Front\u3000}}") == [("replacement", "Front", [])]
    assert shapes("{{\x1cFront}}") == [("replacement", "\x1cFront", [])]


def test_filters_split_on_every_colon_and_nothing_else_is_trimmed():
    tags = lex_template("{{text: Front}}{{text::Front}}{{tts en_US voices=A speed=1.2:F}}").tags
    assert [t.key for t in tags] == [" Front", "Front", "F"]
    assert [[f.text for f in t.filters] for t in tags] == [
        ["text"],
        ["text", ""],
        ["tts en_US voices=A speed=1.2"],
    ]
    tts = tags[2].filters[0]
    assert (tts.name, tts.options, tts.is_builtin) == ("tts", "en_US voices=A speed=1.2", True)


def test_filter_order_as_written_and_as_applied():
    (tag,) = lex_template("{{type:cloze:Text}}").tags
    assert [f.text for f in tag.filters] == ["type", "cloze"]
    assert tag.applied_filters == ("cloze", "type")


def test_one_byte_content_is_a_replacement():
    assert shapes("{{#}}{{/}}{{^}}") == [
        ("replacement", "#", []),
        ("replacement", "/", []),
        ("replacement", "^", []),
    ]
    assert shapes("{{#é}}") == [("open", "é", [])]


def test_part_offsets_point_into_the_text():
    text = "<p>{{ hint : My Field }}</p>"
    (tag,) = lex_template(text).tags
    assert text[tag.start : tag.end] == "{{ hint : My Field }}"
    assert text[tag.key_start : tag.key_end] == " My Field"
    assert text[tag.filters[0].start : tag.filters[0].end] == "hint "
    assert text[tag.inner_start : tag.inner_end] == " hint : My Field "


def test_legacy_alt_delimiters_only_at_the_start():
    lex = lex_template("\n{{=<% %>=}}\n<%Front%>\n<% #Back %>\n<%/Back%>")
    assert lex.mode is TemplateMode.LEGACY_ALT
    assert shapes("\n{{=<% %>=}}\n<%Front%>\n<% #Back %>\n<%/Back%>") == [
        ("text", "\n"),
        ("delimiters", "{{=<% %>=}}"),
        ("text", "\n"),
        ("replacement", "Front", []),
        ("text", "\n"),
        ("open", "Back", []),
        ("text", "\n"),
        ("close", "Back", []),
    ]
    # In the legacy mode {{...}} is plain text (Anki's alt_syntax test).
    assert shapes("{{=<% %>=}}{{#foo}}<%Front%>{{/foo}}") == [
        ("delimiters", "{{=<% %>=}}"),
        ("text", "{{#foo}}"),
        ("replacement", "Front", []),
        ("text", "{{/foo}}"),
    ]
    # Repeated directives are all consumed; anywhere else it is a (missing) field.
    assert shapes("{{=<% %>=}}{{=<% %>=}}x")[:2] == [("delimiters", "{{=<% %>=}}")] * 2
    assert lex_template("x {{=<% %>=}}").mode is TemplateMode.STANDARD
    assert shapes("{{=[[ ]]=}}") == [("replacement", "=[[ ]]=", [])]


@pytest.mark.parametrize(
    ("text", "code", "tag", "open_tag"),
    [
        ("{{#A}}x", SyntaxErrorCode.NOT_CLOSED, "{{#A}}", None),
        ("{{#A}}{{#B}}", SyntaxErrorCode.NOT_CLOSED, "{{#B}}", None),
        ("{{/A}}", SyntaxErrorCode.NOT_OPEN, "{{/A}}", None),
        ("{{#A}}{{/B}}", SyntaxErrorCode.WRONG_CLOSED, "{{/B}}", "{{#A}}"),
        ("{{#A}}{{#B}}{{/A}}{{/B}}", SyntaxErrorCode.WRONG_CLOSED, "{{/A}}", "{{#B}}"),
        ("{{#A }}{{/ A}}", None, None, None),
        ("<!-- {{#A}} -->{{/A}}", SyntaxErrorCode.NOT_OPEN, "{{/A}}", None),
    ],
)
def test_syntax_errors_are_the_ones_anki_reports(text, code, tag, open_tag):
    error = find_syntax_error(lex_template(text).tags)
    if code is None:
        assert error is None
        return
    assert error is not None and error.code is code
    assert text[error.tag.start : error.tag.end] == tag
    assert (error.open_tag and text[error.open_tag.start : error.open_tag.end]) == open_tag


def test_error_message_names_both_tags():
    error = find_syntax_error(lex_template("{{#Front}}\n{{/Back}}").tags)
    assert error is not None
    assert error.message == "{{/Back}} closes {{#Front}}: expected '{{/Front}}'"


def test_unknown_fields_follow_ankis_render_rules():
    text = (
        "{{Front}}{{Nope}}{{FrontSide}}{{Tags}}{{text:}}{{#c3}}{{/c3}}{{#FrontSide}}{{/FrontSide}}"
        "{{c1}}{{c2}}<!-- {{Hidden}} -->"
    )
    unknown = unknown_field_references(lex_template(text).tags, ["Front"], card_ord=0)
    assert [(t.kind, t.key) for t in unknown] == [
        (TagKind.REPLACEMENT, "Nope"),
        (TagKind.OPEN, "FrontSide"),
        (TagKind.REPLACEMENT, "c2"),
    ]


def test_cloze_conditionals_accept_what_rusts_u32_parser_accepts():
    assert is_cloze_conditional("c1") and is_cloze_conditional("c+12")
    assert not is_cloze_conditional("c") and not is_cloze_conditional("c-1")
    assert not is_cloze_conditional("c99999999999") and not is_cloze_conditional("C1")


def test_special_fields_and_cloze_syntax_are_flagged():
    tags = lex_template("{{Deck}}{{c1::answer::hint}}{{Front}}").tags
    assert [t.is_special for t in tags] == [True, False, False]
    assert [t.looks_like_cloze for t in tags] == [False, True, False]
