import pickle

import pytest

from anki_template_designer.services.cache import MemoryTier, estimate_size


def test_least_recently_used_entries_go_first_when_bytes_run_out(clock):
    tier = MemoryTier(100, clock=clock)
    tier.set("a", "x" * 40, size=40)
    tier.set("b", "x" * 40, size=40)
    assert tier.get("a") is not None  # "a" is now the most recently used
    tier.set("c", "x" * 40, size=40)  # 120 > 100: the least recently used ("b") goes
    assert tier.get("b") is None
    assert tier.get("a") is not None and tier.get("c") is not None
    stats = tier.stats()
    assert (stats.bytes, stats.entries, stats.evictions) == (80, 2, 1)


def test_one_big_value_evicts_as_many_as_needed_and_an_oversized_one_none(clock):
    tier = MemoryTier(100, clock=clock)
    for key in "abcde":
        tier.set(key, key, size=20)
    tier.set("big", "B", size=70)
    assert [k for k in "abcde" if tier.get(k) is not None] == ["e"]
    assert tier.stats().bytes == 90
    assert tier.set("huge", "H", size=101) is False
    assert tier.get("huge") is None and tier.get("big") is not None
    assert tier.stats().bytes == 90


def test_replacing_a_key_replaces_its_bytes(clock):
    tier = MemoryTier(100, clock=clock)
    tier.set("a", "x", size=60)
    tier.set("a", "y", size=10)
    assert tier.get("a").value == "y"
    assert tier.stats().bytes == 10


def test_size_estimate_is_len_for_text_and_bytes_and_pickle_length_otherwise():
    assert estimate_size("héllo") == 5
    assert estimate_size(b"\x00" * 300) == 300
    value = {"html": "<b>x</b>", "ord": 3}
    assert estimate_size(value) == len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    assert estimate_size("") == 1  # every entry costs something


def test_entries_expire_by_the_injected_clock_and_are_never_served(clock):
    tier = MemoryTier(1000, clock=clock)
    tier.set("k", "v", size=1, expires_at=clock() + 10)
    clock.advance(9.999)
    assert tier.get("k").value == "v"
    clock.advance(0.001)
    assert tier.get("k") is None
    stats = tier.stats()
    assert (stats.expirations, stats.entries, stats.bytes) == (1, 0, 0)


def test_purge_expired_drops_only_expired_entries(clock):
    tier = MemoryTier(1000, clock=clock)
    tier.set("short", 1, size=1, expires_at=clock() + 5)
    tier.set("long", 2, size=1, expires_at=clock() + 50)
    tier.set("forever", 3, size=1)
    clock.advance(6)
    assert tier.purge_expired() == ["short"]
    assert tier.get("long") is not None and tier.get("forever") is not None


def test_a_tag_invalidates_every_entry_carrying_it_and_nothing_else(clock):
    tier = MemoryTier(1000, clock=clock)
    tier.set("p1", 1, size=1, tags={"notetype:1", "note:10"})
    tier.set("p2", 2, size=1, tags={"notetype:1", "note:11"})
    tier.set("p3", 3, size=1, tags={"notetype:2", "note:10"})
    assert sorted(tier.invalidate_tag("note:10")) == ["p1", "p3"]
    assert tier.get("p2") is not None
    assert tier.invalidate_tag("notetype:1") == ["p2"]
    assert tier.invalidate_tag("notetype:1") == []
    assert tier.stats().entries == 0


def test_pattern_invalidation_is_a_case_sensitive_glob_on_keys(clock):
    tier = MemoryTier(1000, clock=clock)
    for key in ["preview:1", "preview:2", "Preview:3", "thumb:1", "preview-x"]:
        tier.set(key, key, size=1)
    assert sorted(tier.invalidate_pattern("preview:*")) == ["preview:1", "preview:2"]
    assert sorted(tier.invalidate_pattern("*:[13]")) == ["Preview:3", "thumb:1"]
    assert tier.get("preview-x") is not None


def test_delete_clear_and_health(clock):
    tier = MemoryTier(1000, clock=clock)
    tier.set("a", 1, size=5, tags={"t"})
    tier.set("b", 2, size=5)
    assert tier.delete("a") is True and tier.delete("a") is False
    assert tier.invalidate_tag("t") == []  # the tag index forgot the deleted key
    tier.clear()
    assert tier.stats().bytes == 0 and tier.get("b") is None
    health = tier.health()
    assert health.ok and health.tier == "memory"


def test_hits_misses_and_hit_rate(clock):
    tier = MemoryTier(1000, clock=clock)
    tier.set("a", 1, size=1)
    for key in ["a", "a", "a", "missing"]:
        tier.get(key)
    stats = tier.stats()
    assert (stats.hits, stats.misses, stats.hit_rate) == (3, 1, 0.75)


def test_invalid_arguments_are_refused(clock):
    with pytest.raises(ValueError):
        MemoryTier(0, clock=clock)
    with pytest.raises(ValueError):
        MemoryTier(10, clock=clock).set("a", 1, size=-1)
