"""Many threads at once: no errors, and the byte accounting never leaves its bounds."""

import random
import threading
import time

from anki_template_designer.services.cache import MemoryTier, TwoLevelCache

MEMORY_BYTES = 20_000


def hammer(cache, seed, stop, errors, operations):
    rng = random.Random(seed)
    try:
        for _ in range(operations):
            key = f"k{rng.randrange(60)}"
            action = rng.random()
            if action < 0.45:
                cache.get(key)
            elif action < 0.85:
                cache.set(key, "x" * rng.randrange(1, 3000), tags=[f"t{rng.randrange(5)}"])
            elif action < 0.9:
                cache.get_or_compute(key, lambda: "computed")
            elif action < 0.95:
                cache.invalidate_tag(f"t{rng.randrange(5)}")
            elif action < 0.98:
                cache.delete(key)
            else:
                cache.invalidate_pattern("k1*")
            if stop.is_set():
                return
    except Exception as error:  # noqa: BLE001 - collected, asserted in the main thread
        errors.append(error)
        stop.set()


def watch_memory(tier, stop, seen):
    while not stop.is_set():
        seen.append(tier.stats().bytes)
        time.sleep(0.0002)  # sample often, without starving the workers of the GIL


def run(cache, *, threads, operations):
    stop, errors, seen = threading.Event(), [], []
    workers = [
        threading.Thread(target=hammer, args=(cache, seed, stop, errors, operations))
        for seed in range(threads)
    ]
    watcher = threading.Thread(target=watch_memory, args=(cache.memory, stop, seen))
    watcher.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    stop.set()
    watcher.join(5)
    return errors, seen


def assert_consistent(tier):
    stats, health = tier.stats(), tier.health()
    assert health.ok, health.detail
    assert 0 <= stats.bytes <= MEMORY_BYTES


def test_memory_only_cache_under_concurrent_get_set_and_invalidation(clock):
    cache = TwoLevelCache(MemoryTier(MEMORY_BYTES, clock=clock), clock=clock)
    errors, seen = run(cache, threads=8, operations=1500)
    assert errors == []
    assert seen and all(0 <= size <= MEMORY_BYTES for size in seen)
    assert_consistent(cache.memory)
    assert cache.stats().memory.evictions > 0  # the bound was really exercised


def test_two_level_cache_under_concurrent_get_set_and_invalidation(tmp_path, clock):
    cache = TwoLevelCache.open(
        tmp_path, memory_bytes=MEMORY_BYTES, disk_bytes=1024 * 1024, clock=clock
    )
    errors, seen = run(cache, threads=6, operations=500)
    assert errors == []
    assert all(0 <= size <= MEMORY_BYTES for size in seen)
    assert_consistent(cache.memory)
    assert all(h.ok for h in cache.health())
    # Whatever survived is readable and equal in both tiers.
    for index in range(60):
        key = f"k{index}"
        in_memory = cache.memory.get(key)
        on_disk = cache.disk.get(key)
        if in_memory is not None and on_disk is not None:
            assert in_memory.value == on_disk.envelope.value
    cache.close()
