"""Property tests: any text round-trips, no-op edits change nothing, one edit changes one span."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anki_template_designer.services.templates import (
    Edit,
    apply_edits,
    apply_edits_to_text,
    check_tiling,
    parse_template,
    serialize,
)
from edit_targets import draw_target

FRAGMENTS = [
    "<div>", "</div>", "<b>", "</b>", "<i>", "</i>", "<p>", "</p>", "<li>", "<br>", "<br/>",
    "<img src='{{F}}'>", '<a href="x?q={{text:F}}" onclick="go()">', "</a>",
    "<span class={{Tags}}>", "</span>", "<div {{#F}}hidden{{/F}}>",
    '<input value="{{F}}" {{^G}}disabled{{/G}}>',
    "{{F}}", "{{#F}}", "{{/F}}", "{{^G}}", "{{/G}}", "{{#Back Extra}}", "{{/Back Extra}}",
    "{{hint:F}}", "{{type:cloze:Text}}", "{{tts en_US voices=Apple_Samantha speed=1.2:F}}",
    "{{c1::x}}", "{{Tags}}", "{{FrontSide}}", "{{ F }}", "{{{F}}}", "{{#}}", "{{=<% %>=}}",
    "<%F%>", "<%#F%>", "<%/F%>", "<script>", "</script>", "<style>", "</style>", "<textarea>",
    "<!--", "-->", "<!-- {{F}} -->", "<!DOCTYPE html>", "<![CDATA[", "]]>", "<?x ?>", "<!x>",
    "&nbsp;", "&#x1F600;", "&amp;amp;", "&", "<", ">", "{{", "}}", "{", "}", '"', "'", "=",
    " ", "\n", "\r\n", "\t", "\x00", "\ufeff", "é", "日本", "[anki:tts lang=en_US]",
    "[/anki:tts]", "[sound:a.mp3]", "</>", "</ >", "<svg><path d='M0'/></svg>", "x", "</br>",
]  # fmt: skip

fragment_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=30
).map("".join)
any_text = st.one_of(st.text(max_size=200), fragment_text)
SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(any_text)
def test_parse_then_serialize_is_identical_and_the_tree_tiles_the_text(text):
    document = parse_template(text)
    assert serialize(document) == text
    assert check_tiling(document) == []
    json.dumps(document.to_json())


@SETTINGS
@given(fragment_text, st.data())
def test_a_no_op_edit_of_any_node_or_part_changes_nothing(text, data):
    document = parse_template(text)
    target = draw_target(document, data)
    if target is None:
        return
    same = document.span_of(target).slice(text)
    edited = apply_edits(document, [Edit(target, same)])
    assert edited.source == text
    assert serialize(edited) == text


@SETTINGS
@given(fragment_text, st.data(), st.text(max_size=20))
def test_editing_one_node_changes_only_its_span(text, data, replacement):
    document = parse_template(text)
    target = draw_target(document, data)
    if target is None:
        return
    span = document.span_of(target)
    result = apply_edits_to_text(document, [Edit(target, replacement)])
    assert result == text[: span.start] + replacement + text[span.end :]
    reparsed = parse_template(result)
    assert serialize(reparsed) == result and check_tiling(reparsed) == []
