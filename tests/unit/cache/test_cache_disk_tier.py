import gc
import logging
import os
from pathlib import Path

import pytest

from anki_template_designer._vendor import diskcache
from anki_template_designer.services.cache import DiskTier
from anki_template_designer.services.cache.disk_index import INDEX_FILE_NAME
from anki_template_designer.services.cache.envelope import encode

MiB = 1024 * 1024


def put(tier, key, value, *, expires_at=None, tags=()):
    tags = frozenset(tags)
    assert tier.set(key, encode(value, expires_at, tags), expires_at=expires_at, tags=tags)


def test_entries_survive_closing_and_reopening(tmp_path, clock):
    tier = DiskTier(tmp_path / "cache", max_bytes=MiB, clock=clock)
    put(tier, "a", {"html": "<b>front</b>"}, tags={"note:1"})
    put(tier, "b", "x" * 100_000)  # large values live in files beside the database
    tier.close()
    again = DiskTier(tmp_path / "cache", max_bytes=MiB, clock=clock)
    hit = again.get("a")
    assert hit.envelope.value == {"html": "<b>front</b>"}
    assert hit.envelope.tags == {"note:1"}
    assert again.get("b").envelope.value == "x" * 100_000
    assert again.stats().entries == 2
    again.close()


def test_expiry_uses_the_injected_clock_and_holds_across_reopen(tmp_path, clock):
    tier = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    put(tier, "k", 1, expires_at=clock() + 60)
    put(tier, "forever", 2)
    tier.close()
    clock.advance(61)
    again = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    assert again.get("k") is None
    assert again.get("forever").envelope.value == 2
    stats = again.stats()
    assert (stats.expirations, stats.entries) == (1, 1)
    again.close()


def test_purge_expired_uses_the_index_without_reading_values(tmp_path, clock):
    tier = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    for index in range(5):
        put(tier, f"k{index}", index, expires_at=clock() + 10 * (index + 1))
    clock.advance(25)
    assert sorted(tier.purge_expired()) == ["k0", "k1"]
    assert tier.stats().entries == 3
    tier.close()


def test_tag_and_pattern_invalidation_work_after_reopen(tmp_path, clock):
    tier = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    put(tier, "preview:1", 1, tags={"notetype:7", "note:1"})
    put(tier, "preview:2", 2, tags={"notetype:7"})
    put(tier, "thumb:1", 3, tags={"note:1"})
    tier.close()
    tier = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    assert sorted(tier.invalidate_tag("note:1")) == ["preview:1", "thumb:1"]
    assert tier.get("preview:2") is not None
    assert tier.invalidate_pattern("preview:*") == ["preview:2"]
    assert tier.stats().entries == 0
    tier.close()


def test_the_disk_stays_within_its_size_limit_oldest_first(tmp_path, clock):
    tier = DiskTier(tmp_path, max_bytes=256 * 1024, clock=clock)
    for index in range(200):
        put(tier, f"k{index}", "x" * 4000)
    stats = tier.stats()
    assert stats.bytes <= 256 * 1024
    assert stats.entries < 200
    present = [index for index in range(200) if tier.get(f"k{index}") is not None]
    assert present == list(range(200 - len(present), 200))  # the newest survive
    assert tier.stats().evictions == 200 - len(present)  # noticed when looked up
    tier.close()


def test_a_corrupt_database_is_rebuilt_empty_and_logged(tmp_path, clock, cache_log):
    tier = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    put(tier, "k", "stale")
    tier.close()
    (tmp_path / "cache.db").write_bytes(b"this is not sqlite " * 500)
    again = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    assert again.get("k") is None
    put(again, "k2", "fresh")
    assert again.get("k2").envelope.value == "fresh"
    health = again.health()
    assert health.ok and "rebuilt empty after corruption" in health.detail
    warnings = [r for r in cache_log if r.levelno == logging.WARNING]
    assert any("corrupt" in r.getMessage() for r in warnings)
    again.close()


def test_a_corrupt_index_is_rebuilt_with_the_cache(tmp_path, clock, cache_log):
    tier = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    put(tier, "k", "stale", tags={"t"})
    tier.close()
    (tmp_path / INDEX_FILE_NAME).write_bytes(b"\xff" * 8192)
    again = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    # Without the index, invalidating "t" could not find "k": it must be gone entirely.
    assert again.get("k") is None
    assert any("corrupt" in r.getMessage() for r in cache_log)
    again.close()


def test_files_that_are_not_the_caches_survive_a_rebuild(tmp_path, clock):
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "cache.db").write_bytes(b"garbage" * 100)
    tier = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert tier.health().ok
    tier.close()


def test_an_unreadable_entry_is_a_miss_and_is_dropped(tmp_path, clock, cache_log):
    tier = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    put(tier, "k", "good")
    tier.close()
    raw = diskcache.Cache(str(tmp_path))
    raw.set("k", b"\x80\x05not a pickle")
    raw.close()
    tier = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    assert tier.get("k") is None
    assert tier.stats().entries == 0
    assert any("unreadable" in r.getMessage() for r in cache_log)
    tier.close()


def test_an_unusable_directory_switches_the_tier_off_and_it_comes_back(tmp_path, clock, cache_log):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    tier = DiskTier(blocked, max_bytes=MiB, clock=clock, retry_after=30)
    assert tier.get("k") is None
    assert tier.set("k", encode(1, None, frozenset()), expires_at=None, tags=()) is False
    health = tier.health()
    assert not health.ok and health.detail.startswith("unavailable")
    assert any("unavailable" in r.getMessage() for r in cache_log)
    blocked.unlink()
    clock.advance(29)
    assert not tier.health().ok  # not retried before its time
    clock.advance(1)
    assert tier.health().ok
    put(tier, "k", 1)
    assert tier.get("k").envelope.value == 1
    tier.close()


def open_files_under(folder):
    fds = Path("/proc/self/fd")
    found = []
    for fd in fds.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed while listing
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")
def test_closing_releases_every_file_of_the_cache(tmp_path, clock):
    tier = DiskTier(tmp_path, max_bytes=MiB, clock=clock)
    put(tier, "k", 1)
    assert tier.get("k") is not None
    assert open_files_under(tmp_path)  # the database and the index are open
    tier.close()
    gc.collect()
    assert open_files_under(tmp_path) == []
    assert tier.get("k") is None
    assert tier.health().detail == "closed"


def test_invalid_size_is_refused(tmp_path, clock):
    with pytest.raises(ValueError):
        DiskTier(tmp_path, max_bytes=0, clock=clock)
