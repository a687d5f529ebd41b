import threading
import time

import pytest

from anki_template_designer.services.cache import CacheUnhealthy, TwoLevelCache

MiB = 1024 * 1024


def open_cache(path, clock, **kwargs):
    return TwoLevelCache.open(
        path, memory_bytes=kwargs.pop("memory_bytes", MiB), disk_bytes=MiB, clock=clock
    )


def wait_until(condition, timeout=5.0):
    """Poll a condition another thread will make true; fails the test if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.001)


def test_writes_go_to_both_tiers(tmp_path, clock):
    cache = open_cache(tmp_path, clock)
    cache.set("k", "v", tags=["t"])
    assert cache.memory.get("k").value == "v"
    assert cache.disk.get("k").envelope.value == "v"
    cache.close()


def test_a_disk_hit_is_promoted_into_memory_with_its_expiry_and_tags(tmp_path, clock):
    cache = open_cache(tmp_path, clock)
    cache.set("k", {"html": "x"}, ttl=100, tags=["note:1"])
    cache.close()
    cache = open_cache(tmp_path, clock)
    assert cache.memory.get("k") is None
    assert cache.get("k") == {"html": "x"}
    promoted = cache.memory.get("k")
    assert promoted.value == {"html": "x"}
    assert promoted.expires_at == clock() + 100
    assert promoted.tags == {"note:1"}
    assert cache.invalidate_tag("note:1") == 1
    assert cache.get("k") is None
    cache.close()


def test_expired_entries_are_never_served_from_either_tier(tmp_path, clock):
    cache = open_cache(tmp_path, clock)
    cache.set("k", "v", ttl=5)
    clock.advance(5)
    assert cache.get("k", "default") == "default"
    cache.close()
    cache = open_cache(tmp_path, clock)
    assert cache.get("k") is None
    cache.close()


def test_tag_and_pattern_invalidation_reach_both_tiers(tmp_path, clock):
    cache = open_cache(tmp_path, clock)
    cache.set("preview:a", 1, tags=["notetype:1"])
    cache.set("preview:b", 2, tags=["notetype:2"])
    cache.set("thumb:a", 3, tags=["notetype:1"])
    assert cache.invalidate_tag("notetype:1") == 2
    assert cache.get("preview:a") is None and cache.get("thumb:a") is None
    assert cache.invalidate_pattern("preview:*") == 1
    cache.close()
    cache = open_cache(tmp_path, clock)
    assert [cache.get(k) for k in ("preview:a", "preview:b", "thumb:a")] == [None] * 3
    cache.close()


def test_delete_and_clear(tmp_path, clock):
    cache = open_cache(tmp_path, clock)
    cache.set("a", 1)
    cache.set("b", 2)
    assert cache.delete("a") is True and cache.delete("a") is False
    cache.clear()
    assert cache.get("b") is None
    assert cache.stats().disk.entries == 0
    cache.close()


def test_ttl_and_tags_are_checked(tmp_path, clock):
    cache = open_cache(tmp_path, clock)
    with pytest.raises(ValueError):
        cache.set("k", 1, ttl=0)
    with pytest.raises(TypeError):
        cache.set("k", 1, tags="note:1")  # one string, not a collection of tags
    with pytest.raises(TypeError):
        cache.set("k", threading.Lock())  # cannot be pickled for the disk
    cache.close()


def test_a_memory_only_cache_keeps_unpicklable_values(clock):
    cache = TwoLevelCache.open(None, memory_bytes=MiB, disk_bytes=MiB, clock=clock)
    lock = threading.Lock()
    cache.set("k", lock)
    assert cache.get("k") is lock
    assert cache.stats().disk is None


def test_get_or_compute_computes_once_for_many_concurrent_callers(tmp_path, clock):
    cache = open_cache(tmp_path, clock)
    release = threading.Event()
    calls = []

    def render():
        calls.append(threading.get_ident())
        release.wait(5)
        return {"html": "<p>rendered</p>"}

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_compute("p", render)))
        for _ in range(16)
    ]
    for thread in threads:
        thread.start()
    wait_until(lambda: cache.waiting("p") == 15)  # all but the leader wait
    release.set()
    for thread in threads:
        thread.join(5)
    assert len(calls) == 1
    assert len(results) == 16 and all(r is results[0] for r in results)
    assert cache.get("p") == {"html": "<p>rendered</p>"}
    assert cache.stats().computations == 1
    cache.close()


def test_when_the_computation_fails_every_waiter_gets_the_error_and_nothing_is_cached(
    tmp_path, clock
):
    cache = open_cache(tmp_path, clock)
    release = threading.Event()
    calls = []

    def broken():
        calls.append(1)
        release.wait(5)
        raise ValueError("template error")

    errors = []

    def call():
        try:
            cache.get_or_compute("p", broken)
        except ValueError as error:
            errors.append(error)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    wait_until(lambda: cache.waiting("p") == 7)
    release.set()
    for thread in threads:
        thread.join(5)
    assert len(calls) == 1
    assert len(errors) == 8 and all(e is errors[0] for e in errors)
    assert cache.get("p") is None
    assert cache.get_or_compute("p", lambda: "second try") == "second try"
    cache.close()


def test_a_result_computed_across_an_invalidation_is_returned_but_not_cached(tmp_path, clock):
    cache = open_cache(tmp_path, clock)

    def render_then_note_type_saved():
        cache.invalidate_tag("notetype:1")  # the user saved while we rendered
        return "render of the old note type"

    value = cache.get_or_compute("p", render_then_note_type_saved, tags=["notetype:1"])
    assert value == "render of the old note type"
    assert cache.get("p") is None
    cache.close()


def test_a_computation_that_needs_its_own_key_fails_instead_of_hanging(clock):
    cache = TwoLevelCache.open(None, memory_bytes=MiB, disk_bytes=MiB, clock=clock)
    with pytest.raises(RuntimeError, match="recursive"):
        cache.get_or_compute("k", lambda: cache.get_or_compute("k", lambda: 1))


def test_stats_count_lookups_hits_and_computations(tmp_path, clock):
    cache = open_cache(tmp_path, clock)
    cache.get_or_compute("a", lambda: 1)  # miss + computation
    cache.get_or_compute("a", lambda: 2)  # memory hit
    cache.get("missing")
    stats = cache.stats()
    assert (stats.hits, stats.misses, stats.computations) == (1, 2, 1)
    assert stats.hit_rate == pytest.approx(1 / 3)
    assert stats.memory.entries == 1 and stats.disk.entries == 1
    cache.close()


def test_health_reports_each_tier_and_check_raises_for_a_problem(tmp_path, clock):
    cache = open_cache(tmp_path / "ok", clock)
    assert [h.ok for h in cache.health()] == [True, True]
    cache.check()
    cache.close()
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")
    cache = open_cache(blocked, clock)
    memory, disk = cache.health()
    assert memory.ok and not disk.ok
    with pytest.raises(CacheUnhealthy, match="disk: unavailable"):
        cache.check()
    assert cache.get_or_compute("k", lambda: 42) == 42  # still works, from memory
    assert cache.get("k") == 42
    cache.close()


def test_a_closed_cache_misses_and_stores_nothing(tmp_path, clock):
    cache = open_cache(tmp_path, clock)
    cache.set("k", 1)
    cache.close()
    assert cache.closed
    assert cache.get("k") is None
    cache.set("k", 2)
    assert cache.get_or_compute("k", lambda: 3) == 3
    assert cache.get("k") is None


def test_a_write_landing_during_a_slow_disk_read_is_not_undone_by_the_promotion(tmp_path):
    from anki_template_designer.services.cache import DiskTier, MemoryTier

    reading, release = threading.Event(), threading.Event()

    class SlowDisk(DiskTier):
        def get(self, key, **kwargs):
            hit = super().get(key, **kwargs)
            reading.set()
            release.wait(5)
            return hit

    disk = SlowDisk(tmp_path / "cache", max_bytes=1 << 20, clock=time.time)
    cache = TwoLevelCache(MemoryTier(10_000, clock=time.time), disk, clock=time.time)
    cache.set("k", "v1")
    cache.memory.clear()  # v1 only on disk, as after a restart
    reader = threading.Thread(target=cache.get, args=("k",))
    reader.start()
    assert reading.wait(5)
    cache.set("k", "v2")  # lands while the reader is inside the disk read
    release.set()
    reader.join(5)
    assert cache.get("k") == "v2"
    cache.close()
