"""Retention (last N, daily, weekly, monthly, as Anki keeps its backups) and prune, which
deletes what nothing lists only after the manifests that listed it are gone."""

import time

import pytest

from anki_template_designer.services.backup.retention import Retention, choose
from anki_template_designer.services.backup.store import Snapshot

DAY = 86400.0


def at(days_ago, now, index=0):
    return Snapshot(f"s{days_ago:07.2f}-{index}", now - days_ago * DAY, "scheduled", "p", {})


def test_each_rule_keeps_the_newest_of_its_periods():
    now = time.mktime((2026, 12, 3, 12, 0, 0, 0, 0, -1))
    # Three a day for 100 days.
    snapshots = [at(d + h / 10, now, h) for d in range(100) for h in range(3)]
    kept, forgotten = choose(snapshots, Retention(last=2, daily=5, weekly=3, monthly=2))
    assert len(kept) + len(forgotten) == len(snapshots)
    newest = sorted(snapshots, key=lambda s: s.time, reverse=True)
    assert "last" in kept[newest[0].id] and "last" in kept[newest[1].id]
    daily = [i for i, rules in kept.items() if "daily" in rules]
    assert len(daily) == 5
    assert (
        len(
            {
                time.strftime("%F", time.localtime(next(s.time for s in snapshots if s.id == i)))
                for i in daily
            }
        )
        == 5
    )
    assert len([i for i, r in kept.items() if "weekly" in r]) == 3
    assert len([i for i, r in kept.items() if "monthly" in r]) == 2
    assert len(kept) <= 2 + 5 + 3 + 2


def test_a_retention_that_keeps_nothing_or_less_than_nothing_is_refused():
    with pytest.raises(ValueError, match="would delete every backup"):
        Retention(0, 0, 0, 0)
    with pytest.raises(ValueError, match="keep-daily cannot be negative"):
        Retention(daily=-1)


def test_prune_deletes_only_what_no_kept_snapshot_lists(repository, files):
    first, _ = repository.create(files, "manual", "User 1")
    edits = []
    for n in range(4):
        path = sorted(p for p in files if p.endswith("style.css"))[n % 2]
        edits.append({**files, path: files[path] + f"/* {n} */".encode()})
        repository.create(edits[-1], "scheduled", "User 1")
    latest = repository.store.snapshots()[-1]
    dry = repository.prune(Retention(last=1, daily=0, weekly=0, monthly=0), dry_run=True)
    assert len(dry.forgotten) == 4 and len(repository.store.snapshots()) == 5
    report = repository.prune(Retention(last=1, daily=0, weekly=0, monthly=0))
    assert [s.id for s in repository.store.snapshots()] == [latest.id]
    assert first.id in {s.id for s in report.forgotten} and report.deleted_files > 0
    assert repository.store.files(latest) == edits[-1]
    verified = repository.verify(read_data=True)
    assert verified.ok and not verified.leftover
    stored = {p.name for p in (repository.root / "packs").rglob("*") if p.is_file()}
    assert len(stored) == 2  # the first pack and the last edit's: the 3 between held nothing
    assert len(list((repository.root / "index").iterdir())) == 1  # one base index
    actions = [e["action"] for e in repository.audit.entries()]
    assert actions.count("backup") == 5 and actions[-1] == "prune"


def test_after_prune_the_next_backup_still_writes_only_what_changed(repository, files):
    repository.create(files, "manual", "User 1")
    repository.create(files, "manual", "User 1")
    repository.prune(Retention(last=1, daily=0, weekly=0, monthly=0))
    _snapshot, count = repository.create(files, "manual", "User 1")
    assert count.written == 0
    assert repository.verify(read_data=True).ok


def test_a_pack_mostly_unused_is_rewritten_without_decrypting(repository, files):
    repository.create(files, "manual", "User 1")
    one = dict([sorted(files.items())[0]])
    kept, _ = repository.create(one, "manual", "User 1")
    before = {p.name for p in (repository.root / "packs").rglob("*") if p.is_file()}
    assert len(before) == 1  # the second snapshot reused the first one's object
    report = repository.prune(Retention(last=1, daily=0, weekly=0, monthly=0))
    after = {p.name for p in (repository.root / "packs").rglob("*") if p.is_file()}
    assert report.repacked == 1 and len(after) == 1 and after != before
    assert repository.store.files(kept) == one
    assert repository.verify(read_data=True).ok
