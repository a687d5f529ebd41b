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


def test_removing_an_attribute_never_glues_the_tag_to_the_next_one():
    from anki_template_designer.services.templates import apply_edits_to_text, remove_attribute

    for text, name, expected in [
        ('<img src="{{F}}"alt="x">', "src", '<img alt="x">'),
        ("<a b='x'c='y'>z</a>", "b", "<a c='y'>z</a>"),
        ('<img src="a" alt="x">', "src", '<img alt="x">'),
        ('<img alt="x" src="a">', "src", '<img alt="x">'),
    ]:
        document = parse_template(text)
        edit = remove_attribute(document, "0", name)
        assert apply_edits_to_text(document, [edit]) == expected


def test_field_and_filter_names_cannot_smuggle_tag_syntax():
    import pytest

    from anki_template_designer.services.templates import EditError, rename_field, set_filters

    document = parse_template("{{Front}}")
    with pytest.raises(EditError):
        rename_field(document, "0", "a}}<script>x()</script>{{b")
    with pytest.raises(EditError):
        set_filters(document, "0", ["hint}}"])
