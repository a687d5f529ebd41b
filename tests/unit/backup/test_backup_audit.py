"""The audit trail: append-only, hash-chained, keyed; every edit, deletion, reordering and
truncation is found and names the entry."""

import json

import pytest

from anki_template_designer.services.backup.audit import LOG
from anki_template_designer.services.backup.crypto import TamperedData
from anki_template_designer.services.backup.repository import Repository


@pytest.fixture
def audited(repository):
    for n in range(5):
        repository.audit.append("save", f"Basic card {n}", "User 1")
    return repository


def lines(repository):
    return (repository.root / LOG).read_bytes().splitlines(keepends=True)


def write(repository, new_lines):
    (repository.root / LOG).write_bytes(b"".join(new_lines))


def test_entries_read_back_in_order_and_verify(audited):
    entries = audited.audit.entries()
    assert [e["target"] for e in entries] == [f"Basic card {n}" for n in range(5)]
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5]
    assert all(e["action"] == "save" and e["profile"] == "User 1" for e in entries)
    assert entries[1]["prev"] == entries[0]["mac"]
    report = audited.audit.verify()
    assert report.ok and report.entries == 5


def test_nothing_in_the_log_is_readable(audited):
    text = (audited.root / LOG).read_text()
    assert "Basic" not in text and "User 1" not in text and "save" not in text


def test_an_edited_entry_is_found(audited):
    records = lines(audited)
    record = json.loads(records[2])
    record["entry"] = json.loads(lines(audited)[1])["entry"]  # another entry's sealed text
    records[2] = (json.dumps(record) + "\n").encode()
    write(audited, records)
    report = audited.audit.verify()
    assert "entry 3" in report.problems and "edited" in report.problems["entry 3"]
    with pytest.raises(TamperedData, match="entry 3"):
        audited.audit.entries()


def test_a_deleted_entry_is_found(audited):
    records = lines(audited)
    write(audited, records[:1] + records[2:])
    assert "entry 3" in audited.audit.verify().problems


def test_reordered_entries_are_found(audited):
    records = lines(audited)
    records[1], records[2] = records[2], records[1]
    write(audited, records)
    problems = audited.audit.verify().problems
    assert "entry 3" in problems and "reordered" in problems["entry 3"]


def test_a_truncated_log_is_found(audited):
    write(audited, lines(audited)[:-1])
    problems = audited.audit.verify().problems
    assert "truncated" in problems["audit.head"]
    write(audited, [])
    assert "truncated" in audited.audit.verify().problems["audit.head"]


def test_a_torn_last_line_is_noted_not_damage_and_the_chain_goes_on(audited):
    records = lines(audited)
    write(audited, [*records, records[-1][:40]])  # a process killed mid-append
    report = audited.audit.verify()
    assert report.ok and "torn" in report.notes[0]
    audited.audit.append("restore", "Basic", "User 1")
    report = audited.audit.verify()
    assert report.ok and report.entries == 6


def test_another_key_cannot_forge_an_entry(audited, tmp_path, device):
    other = Repository.init(tmp_path / "other", device)[0]
    other.audit.append("save", "forged", "User 1")
    forged = lines(other)[0]
    record = json.loads(forged)
    record["seq"], record["prev"] = 6, json.loads(lines(audited)[-1])["mac"]
    write(audited, [*lines(audited), (json.dumps(record) + "\n").encode()])
    assert "entry 6" in audited.audit.verify().problems


def test_bad_arguments_are_refused(repository):
    with pytest.raises(ValueError, match="needs an action"):
        repository.audit.append("", "x", "p")
    with pytest.raises(TypeError, match="target is text"):
        repository.audit.append("save", None, "p")
