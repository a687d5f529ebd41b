"""Sections that cross elements and unclosed tags: what the canvas keeps as written is in
the Problems list too (issue 11)."""

import pytest

from anki_template_designer.services.lint.preserved_regions import preserved_regions
from anki_template_designer.services.templates import NoteTypeDocument


def findings(front):
    notetype = {
        "name": "t",
        "flds": [{"name": "Front"}, {"name": "Back"}],
        "tmpls": [{"name": "Card 1", "qfmt": front, "afmt": "{{Back}}"}],
        "css": "",
    }
    return list(preserved_regions(NoteTypeDocument.from_notetype(notetype)))


@pytest.mark.parametrize(
    "front",
    [
        "{{#Front}}<center>{{/Front}}{{Front}}{{#Back}}</center>{{/Back}}",
        "{{#Front}}<div>{{/Front}}x</div>",
        "<p>{{Front}}<p>two",
    ],
)
def test_a_section_crossing_an_element_is_a_finding(front):
    found = findings(front)
    assert found and found[0].code == "preserved-region"
    assert found[0].severity == "warning" and found[0].side == "front"
    assert found[0].line == 1


@pytest.mark.parametrize("front", ["<p>{{Front}}</p>", "{{#Front}}<b>x</b>{{/Front}}"])
def test_well_formed_and_browser_closed_templates_are_not(front):
    assert findings(front) == []
