"""One card type put back from a snapshot's note type (card_type_restore.py)."""

import pytest

from anki_template_designer.services.backup.card_type_restore import (
    CardTypeNotFound,
    with_card_type_from,
)


def notetype(*templates, css=".card {}"):
    return {"name": "Vocab", "css": css, "flds": [{"name": "Front"}], "tmpls": list(templates)}


def card(ord_, name, front, id_=None):
    template = {"ord": ord_, "name": name, "qfmt": front, "afmt": "{{FrontSide}}", "bqfmt": ""}
    if id_ is not None:
        template["id"] = id_
    return template


def test_only_the_chosen_card_type_changes_and_keeps_its_place():
    snapshot = notetype(card(0, "A", "old A", 11), card(1, "B", "old B", 22))
    current = notetype(card(0, "B2", "new B", 22), card(1, "A", "new A", 11), css=".new {}")
    merged = with_card_type_from(current, snapshot, "B")
    assert [(t["ord"], t["name"], t["qfmt"]) for t in merged["tmpls"]] == [
        (0, "B", "old B"),  # found by id though renamed and moved; its place stays
        (1, "A", "new A"),
    ]
    assert merged["css"] == ".new {}" and merged["flds"] == current["flds"]
    assert current["tmpls"][0]["qfmt"] == "new B"  # the input is not changed


def test_without_ids_a_card_type_is_found_by_its_name():
    merged = with_card_type_from(notetype(card(0, "A", "new")), notetype(card(0, "A", "old")), "A")
    assert merged["tmpls"][0]["qfmt"] == "old"


@pytest.mark.parametrize(
    ("snapshot", "current", "message"),
    [
        (notetype(card(0, "A", "x")), notetype(card(0, "A", "y")), "has no card type 'Z'"),
        (notetype(card(0, "Z", "x", 5)), notetype(card(0, "A", "y", 6)), "no longer has"),
        (notetype(card(0, "Z", "x")), notetype(card(0, "Z", "y"), card(1, "Z", "w")), "no longer"),
    ],
)
def test_a_card_type_missing_on_either_side_is_a_clear_error(snapshot, current, message):
    with pytest.raises(CardTypeNotFound, match=message):
        with_card_type_from(current, snapshot, "Z")
