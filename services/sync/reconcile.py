"""Deciding, note type by note type, what a sync does: three-way against what both sides
last agreed on (the base), in the spirit of rclone bisync.

For each note type (keyed by id) with base B, local L and remote R (each absent or the
object names of its files):

* L == R: nothing to do. L == B: take R (pull; R absent: delete here). R == B: take L
  (push; L absent: delete there).
* Both changed, one deleted it: the edit wins (nothing the user wrote is dropped).
* Both changed it: its files merge three-way (services/history/merge.py: templates by
  lines, the CSS rule by rule, notetype.json key by key). Overlapping edits are
  conflicts: with no `resolve` the note type stays as it is on each side (the local text
  is kept, the remote's too) and its base stays, so the conflict is reported again on the
  next sync until it is resolved. `resolve` = ``ours`` / ``theirs`` takes that side at
  each overlap; ``newer`` (last writer wins) takes the local side when the note type was
  modified here after the remote snapshot was written, else the remote's.

Content is loaded (and checked) only for what is pulled or merged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..history.merge import OURS, THEIRS, merge_files
from .sync_state import Names

RESOLUTIONS = (OURS, THEIRS, "newer")


@dataclass(frozen=True)
class SyncConflict:
    notetype: str  # the note type's key (its id)
    name: str  # its name, for people
    key: str  # the merge's conflict key: a path, "style.css <selector>", "notetype.json <key>"
    base: str | None
    ours: str | None
    theirs: str | None


@dataclass
class Plan:
    agreed: Names = field(default_factory=dict)  # the tree to list on the remote
    base: Names = field(default_factory=dict)  # the new base
    write_local: dict[str, dict[str, bytes]] = field(default_factory=dict)
    delete_local: list[str] = field(default_factory=list)
    pushed: list[str] = field(default_factory=list)  # keys whose remote version changes
    delete_remote: list[str] = field(default_factory=list)
    conflicts: list[SyncConflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # edit-over-delete decisions, said plainly
    contents: dict[str, bytes] = field(default_factory=dict)  # object name -> bytes to upload

    @property
    def remote_changes(self) -> bool:
        return bool(self.pushed or self.delete_remote)


def _name_of(files: Mapping[str, bytes] | None, key: str) -> str:
    try:
        return str(json.loads(files["notetype.json"])["name"]) if files else key
    except (KeyError, ValueError, TypeError):
        return key


def reconcile(
    base: Names,
    local: Mapping[str, Mapping[str, bytes]],
    local_names: Names,
    remote: Names,
    load: Callable[[str], bytes],
    name: Callable[[bytes], str],
    resolve: str | None = None,
    newer_here: Callable[[str], bool] = lambda key: False,
) -> Plan:
    if resolve is not None and resolve not in RESOLUTIONS:
        raise ValueError(f"resolve is one of {', '.join(RESOLUTIONS)}")
    plan = Plan()
    for key in sorted(set(base) | set(local_names) | set(remote)):
        b, lo, r = base.get(key), local_names.get(key), remote.get(key)
        if lo == r:
            if lo is not None:
                plan.agreed[key] = plan.base[key] = lo
            continue
        if lo == b:  # changed (or deleted) over there only
            _take_remote(plan, key, r, load)
            continue
        if r == b:  # changed (or deleted) here only
            _take_local(plan, key, lo, local)
            continue
        if lo is None:  # deleted here, edited there: the edit wins
            plan.notes.append(
                f"{_name_of(_files(r, load), key)}: deleted here, edited on the "
                "remote; the remote's version is kept"
            )
            _take_remote(plan, key, r, load)
            continue
        if r is None:
            plan.notes.append(
                f"{_name_of(local[key], key)}: deleted on the remote, edited "
                "here; this version is kept"
            )
            _take_local(plan, key, lo, local)
            continue
        _merge(plan, key, b, dict(local[key]), r, load, name, resolve, newer_here)
    return plan


def _files(names: Mapping[str, str] | None, load: Callable[[str], bytes]) -> dict[str, bytes]:
    return {path: load(name) for path, name in (names or {}).items()}


def _take_remote(plan: Plan, key: str, r: dict[str, str] | None, load: Callable[..., Any]) -> None:
    if r is None:
        plan.delete_local.append(key)
        return
    plan.write_local[key] = _files(r, load)
    plan.agreed[key] = plan.base[key] = r


def _take_local(
    plan: Plan, key: str, lo: dict[str, str] | None, local: Mapping[str, Mapping[str, bytes]]
) -> None:
    if lo is None:
        plan.delete_remote.append(key)
        return
    plan.pushed.append(key)
    plan.agreed[key] = plan.base[key] = lo
    for path, name in lo.items():
        plan.contents[name] = local[key][path]


def _merge(
    plan: Plan,
    key: str,
    b: dict[str, str] | None,
    ours: dict[str, bytes],
    r: dict[str, str],
    load: Callable[[str], bytes],
    name: Callable[[bytes], str],
    resolve: str | None,
    newer_here: Callable[[str], bool],
) -> None:
    base_files, theirs = _files(b, load), _files(r, load)
    result = merge_files(base_files, ours, theirs)
    if result.conflicts and resolve is not None:
        side = resolve if resolve != "newer" else (OURS if newer_here(key) else THEIRS)
        result = merge_files(base_files, ours, theirs, {c.key: side for c in result.conflicts})
    elif result.conflicts:
        title = _name_of(ours, key)
        plan.conflicts += [
            SyncConflict(key, title, c.key, c.base, c.ours, c.theirs) for c in result.conflicts
        ]
        if r is not None:
            plan.agreed[key] = r  # the remote keeps its version; here keeps ours
        if b is not None:
            plan.base[key] = b  # still in conflict next time
        return
    merged = result.files
    names = {path: name(content) for path, content in merged.items()}
    plan.agreed[key] = plan.base[key] = names
    if merged != ours:
        plan.write_local[key] = merged
    if names != r:
        plan.pushed.append(key)
        for path, content in merged.items():
            plan.contents[names[path]] = content
