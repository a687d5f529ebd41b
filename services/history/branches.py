"""Branches to try a redesign on ("try on a branch"), and which branch each note type is on.

A branch belongs to one note type: its ref is ``refs/heads/try/<note type id>/<slug>``
(`git branch` shows ``try/1234/new-colours``; `git checkout` takes it). The collection
holds one version of a note type, so a note type is "on" one branch at a time: its saves
are committed there. Which one is kept in ``atd-checkouts.json`` in the git folder (git
leaves files it does not know alone), written atomically; a note type not named there,
or whose branch is gone, is on ``main``.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..._vendor.dulwich.graph import can_fast_forward
from .git_store import MAIN, GitStore, HistoryError

TRY = b"refs/heads/try/"
CHECKOUTS_FILE = "atd-checkouts.json"
MAX_NAME = 60
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")  # no dots: "..", ".lock" never form


@dataclass(frozen=True)
class Branch:
    name: str  # what the user sees and passes back: "main" or the slug
    ref: bytes
    merged: bool  # everything on it is already on main


def branch_ref(notetype_id: int, name: str) -> bytes:
    """The ref of the note type's branch `name` ("main" is main)."""
    if name == "main":
        return MAIN
    slug = _UNSAFE.sub("-", " ".join(name.split())).strip("-")[:MAX_NAME].rstrip("-")
    if not slug:
        raise HistoryError(
            f"{name!r} cannot name a branch: use letters, digits, '-' or '_' (spaces become '-')"
        )
    return TRY + f"{int(notetype_id)}/{slug}".encode("ascii")


def branch_name(ref: bytes) -> str:
    if ref == MAIN:
        return "main"
    return ref.rsplit(b"/", 1)[-1].decode("ascii")


def branches(store: GitStore, notetype_id: int) -> list[Branch]:
    """main, then the note type's branches by name."""
    prefix = TRY + f"{int(notetype_id)}/".encode("ascii")
    main_head = store.head(MAIN)
    found = [Branch("main", MAIN, True)]
    for ref in sorted(r for r in store.repo.refs.keys() if r.startswith(prefix)):
        head = store.head(ref)
        merged = bool(
            head is not None
            and main_head is not None
            and (head == main_head or can_fast_forward(store.repo, head, main_head))
        )
        found.append(Branch(branch_name(ref), ref, merged))
    return found


def start_branch(store: GitStore, notetype_id: int, name: str, start: bytes) -> bytes:
    """A new branch at commit `start`; refused when one of that name exists."""
    ref = branch_ref(notetype_id, name)
    if ref == MAIN or not store.repo.refs.add_if_new(ref, start):
        raise HistoryError(f"a branch named {branch_name(ref)!r} already exists")
    return ref


def delete_branch(store: GitStore, ref: bytes) -> None:
    if ref == MAIN:
        raise HistoryError("main cannot be deleted")
    if ref not in store.repo.refs:
        raise HistoryError(f"no branch {branch_name(ref)!r}")
    store.repo.refs.remove_if_equals(ref, None)


class Checkouts:
    """Which branch each note type is on, from ``atd-checkouts.json``."""

    def __init__(self, store: GitStore) -> None:
        self.store = store
        self.path = Path(store.root) / CHECKOUTS_FILE
        self._lock = threading.Lock()

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: every note type is on main
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def get(self, notetype_id: int) -> bytes:
        ref = self._read().get(str(int(notetype_id)), "").encode("utf-8")
        return ref if ref.startswith(TRY) and ref in self.store.repo.refs else MAIN

    def set(self, notetype_id: int, ref: bytes) -> None:
        with self._lock:
            data = self._read()
            if ref == MAIN:
                data.pop(str(int(notetype_id)), None)
            else:
                data[str(int(notetype_id))] = ref.decode("ascii")
            temporary = self.path.with_name(f"{CHECKOUTS_FILE}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(data, indent=1, sort_keys=True), "utf-8")
            os.replace(temporary, self.path)
