"""Save times recorded per side, schema-versioned, without template text."""

import json

import pytest

from anki_template_designer.services.analytics.template_changes import (
    ChangeLogError,
    TemplateChange,
    TemplateChangeLog,
)

CANARY = "CANARY-7f3a-template-text"


def notetype(front=CANARY, back="{{FrontSide}}", css=".card{}"):
    return {
        "id": 7,
        "css": css,
        "tmpls": [{"qfmt": front, "afmt": back}, {"qfmt": "x", "afmt": "y"}],
    }


@pytest.fixture
def log(tmp_path):
    return TemplateChangeLog(tmp_path / "insights" / "template_changes.json", lambda: 1000)


def test_a_save_records_only_the_sides_it_changed(log, tmp_path):
    log.observe(7, notetype())
    assert log.record_save(7, notetype(back="{{FrontSide}}<hr>")) == [
        TemplateChange(7, 0, "back", 1000)
    ]
    assert log.record_save(7, notetype(back="{{FrontSide}}<hr>", css="b{}"), at_ms=2000) == [
        TemplateChange(7, None, "css", 2000)
    ]
    assert log.record_save(7, notetype(back="{{FrontSide}}<hr>", css="b{}")) == []
    assert [c.side for c in log.changes(7)] == ["back", "css"] and log.changes(8) == []
    stored = (tmp_path / "insights" / "template_changes.json").read_text()
    assert CANARY not in stored and json.loads(stored)["schema"] == 1


def test_a_note_type_never_seen_is_only_observed(log):
    assert log.record_save(7, notetype()) == []
    assert log.record_save(7, notetype(front="new")) == [TemplateChange(7, 0, "front", 1000)]


def test_a_file_of_another_schema_or_broken_is_a_clear_error(log, tmp_path):
    path = tmp_path / "insights" / "template_changes.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"schema": 99, "changes": []}))
    with pytest.raises(ChangeLogError, match="schema 99, this version reads 1"):
        log.changes()
    path.write_text("{not json")
    with pytest.raises(ChangeLogError, match="unreadable"):
        log.changes()
    log.delete()
    assert log.changes() == []
