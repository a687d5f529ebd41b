"""Prune: forget the snapshots a retention does not keep, then delete what nothing lists.

Order (each step safe to be killed after): the forgotten manifests go first; then a new
*base* index listing only packs that still hold a listed object (packs mostly unused are
rewritten first: their sealed blobs are copied as they are, nothing is decrypted); then
the superseded index files, the packs and loose objects nothing lists, and packs left
over by interrupted writes. A process killed half way leaves objects nothing lists, never
a listed object missing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .pack_index import Location
from .retention import Retention, choose
from .store import ObjectStore, Snapshot, pack_path

#: A pack whose listed objects fill less than this share of it is rewritten smaller.
REPACK_BELOW = 0.5


@dataclass
class PruneReport:
    kept: dict[str, list[str]] = field(default_factory=dict)  # id -> rules keeping it
    forgotten: list[Snapshot] = field(default_factory=list)
    deleted_files: int = 0
    deleted_bytes: int = 0
    repacked: int = 0
    dry_run: bool = False


def prune(store: ObjectStore, retention: Retention, dry_run: bool = False) -> PruneReport:
    with store._locked("backup prune"):
        store.reload()
        kept, forgotten = choose(store.snapshots(), retention)
        report = PruneReport(kept, forgotten, dry_run=dry_run)
        if dry_run:
            return report
        for snapshot in forgotten:
            store.forget(snapshot)
        _collect(store, report)
    return report


def _collect(store: ObjectStore, report: PruneReport) -> None:
    backend, index = store.backend, store.index
    live = {name for s in store.snapshots() for name in s.files.values()}
    keep: dict[str, list[tuple[str, Location]]] = {}
    doomed: list[str] = []
    for pack, entries in index.packs().items():
        listed = [(n, loc) for n, loc in entries if n in live]
        if not listed:
            doomed.append(pack)
            continue
        size = max(backend.size(pack), 1)
        if sum(loc.length for _n, loc in listed) >= REPACK_BELOW * size:
            keep[pack] = listed
            continue
        blobs = [backend.read_range(pack, loc.offset, loc.length) for _n, loc in listed]
        data = b"".join(blobs)
        new_pack = pack_path(hashlib.sha256(data).hexdigest())
        backend.create(new_pack, data)
        offset, moved = 0, []
        for (name, _loc), blob in zip(listed, blobs, strict=True):
            moved.append((name, Location(new_pack, offset, len(blob))))
            offset += len(blob)
        keep[new_pack] = moved
        doomed.append(pack)
        report.repacked += 1
    superseded = [name for name in backend.list("index")]
    index.write(backend, store.cipher, keep, base=True)
    doomed += [p for p in backend.list("packs") if p not in keep]  # left over by a kill
    doomed += [path for path in backend.list("objects") if path.rsplit("/", 1)[-1] not in live]
    for name in dict.fromkeys(superseded + doomed):
        size = backend.size(name)
        backend.delete(name)
        report.deleted_files += 1
        report.deleted_bytes += max(size, 0)
