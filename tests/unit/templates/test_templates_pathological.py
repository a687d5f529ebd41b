"""Inputs no sane template has, which must still round-trip and not hang or crash."""

from anki_template_designer.services.templates import (
    parse_css,
    parse_template,
    serialize,
    serialize_css,
)


def test_css_nested_thousands_deep_round_trips_without_recursion_errors():
    for text in ["{" * 5000, ".a{b{" * 2000, "@media x{" * 3000 + "}" * 10, ".x{}" + "{" * 400]:
        assert serialize_css(parse_css(text)) == text


def test_many_unterminated_tags_parse_in_linear_time():
    # html.parser alone rescans to the end for each "<" without a later ">" (minutes here).
    for text in ["<a " * 40_000, "x <a " * 20_000, "<b>ok</b>" + "<a " * 40_000]:
        assert serialize(parse_template(text)) == text
